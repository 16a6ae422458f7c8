"""The authentication backend of the federal login: mozilla-django-oidc's, stricter.

On top of the library (code exchange with PKCE, nonce, RS256 signature against the JWKS):
- the ID token and the JWT userinfo must name FAS as issuer and this client as audience;
- the level actually used, in the ID token's `amr`, must be an accepted one (never ≤ 200);
- userinfo must be a signed JWT for the same subject, with a valid `egovNRN`;
- the agent must be registered (keyed hash of `egovNRN`): no account is created;
- each failure raises `FasRefusal` with its reason (the callback view shows its page).
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from primaweb.fas import claims as fas_claims
from primaweb.fas import config
from primaweb.fas.identity import find_agent, valid_national_number
from primaweb.fas.refusals import FasRefusal, Reason

logger = logging.getLogger(__name__)


def _provider_error(error: requests.RequestException, *, client_error: Reason) -> FasRefusal:
    """A 4xx answer is the provider refusing what we sent; anything else, the provider down."""
    response = getattr(error, "response", None)
    if response is not None and 400 <= response.status_code < 500:
        return FasRefusal(client_error, f"HTTP {response.status_code}")
    return FasRefusal(Reason.PROVIDER_DOWN, type(error).__name__)


class FasBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(config.oidc_setting)

    def authenticate(self, request, *, nonce, code_verifier):
        """Only the callback calls it with these keywords: a password login never reaches
        the provider (Django skips a backend whose signature does not fit the credentials)."""
        if not config.is_enabled():
            return None
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except requests.RequestException as error:
            raise _provider_error(error, client_error=Reason.CODE_REFUSED) from error

    # --- tokens -------------------------------------------------------------------------------

    def _verify_jws(self, payload, key):
        """Signature, algorithm, issuer and audience (the library checks none of the last two)."""
        return jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=config.issuer(),
            options={"require": ["iss", "aud", "sub"]},
        )

    def verify_token(self, token, **kwargs):
        try:
            key = self.retrieve_matching_jwk(token)
            payload = self._verify_jws(token, key)
        except requests.RequestException:
            raise
        except (jwt.PyJWTError, SuspiciousOperation, KeyError, TypeError, ValueError) as error:
            raise FasRefusal(Reason.INVALID_TOKEN, f"{type(error).__name__}: {error}") from error
        if "nonce" in kwargs and payload.get("nonce") != kwargs["nonce"]:
            raise FasRefusal(Reason.STATE_MISMATCH, "nonce")
        return payload

    def get_token(self, payload):
        try:
            return super().get_token(payload)
        except requests.RequestException as error:
            raise _provider_error(error, client_error=Reason.CODE_REFUSED) from error

    def get_userinfo(self, access_token, id_token, payload):
        """FAS answers userinfo as a JWT signed like the ID token: nothing else is accepted."""
        try:
            response = requests.get(
                self.OIDC_OP_USER_ENDPOINT,
                headers={"Authorization": f"Bearer {access_token}"},
                verify=True,
                timeout=self.get_settings("OIDC_TIMEOUT"),
            )
            response.raise_for_status()
        except requests.RequestException as error:
            raise _provider_error(error, client_error=Reason.INVALID_TOKEN) from error
        content_type = response.headers.get("content-type", "").lower()
        if not content_type.startswith("application/jwt"):
            raise FasRefusal(Reason.INVALID_USERINFO, f"content type {content_type!r}")
        try:
            claims = self.verify_token(response.text)
        except FasRefusal as refusal:
            raise FasRefusal(Reason.INVALID_USERINFO, refusal.detail) from refusal
        if claims.get("sub") != payload.get("sub"):
            raise FasRefusal(Reason.INVALID_USERINFO, "sub differs from the ID token's")
        return claims

    # --- the agent ----------------------------------------------------------------------------

    def check_level(self, payload) -> str:
        amr = payload.get("amr")
        used = amr if isinstance(amr, list) else [amr]
        accepted = config.accepted_levels()
        for level in used:
            if level in accepted:
                return level
        raise FasRefusal(Reason.LEVEL_REFUSED, f"amr {amr!r}")

    def get_or_create_user(self, access_token, id_token, payload):
        level = self.check_level(payload)
        claims = self.get_userinfo(access_token, id_token, payload)
        national_number = valid_national_number(claims.get("egovNRN"))
        if national_number is None:
            raise FasRefusal(Reason.INVALID_NISS)
        user = find_agent(national_number)
        if user is None or not user.is_active:
            raise FasRefusal(Reason.UNKNOWN_AGENT)
        pairs = fas_claims.parse_profiles(claims)
        if pairs is not None:
            fas_claims.sync_profiles(user, pairs)
        # Read by the callback view once the session exists (never stored before success).
        user.fas_level = level
        user.fas_id_token = id_token
        return user

    def get_user(self, user_id):
        return ModelBackend.get_user(self, user_id)  # an inactive user's session ends
