"""The FAS_* settings, read at each request (tests and operators change them), turned into the
OIDC_* names mozilla-django-oidc reads; the assurance levels and the login page's means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.utils import import_from_settings

LEVEL_PREFIX = "urn:be:fedict:iam:fas:Level"
LEVEL_EID = f"{LEVEL_PREFIX}500"
LEVEL_ITSME = f"{LEVEL_PREFIX}450"
LEVEL_SECURITY_CODE = f"{LEVEL_PREFIX}400"
# Level200 (user name and password) and Level100 are never accepted, whatever the setting.
WEAKEST_REFUSED = 200
SCOPES = "openid profile egovnrn certificateInfo roles enterprise"
# FAS's endpoints under its issuer (`https://idp.iamfas.belgium.be/fas/oauth2`).
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "/access_token",
    "OIDC_OP_USER_ENDPOINT": "/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "/connect/jwk_uri",
}
END_SESSION_PATH = "/connect/endSession"
_LEVEL = re.compile(rf"^{re.escape(LEVEL_PREFIX)}(\d+)$")


@dataclass(frozen=True)
class Means:
    """A button of the login page: its `?moyen=` value, label and requested level."""

    key: str
    label: str
    level: str


MEANS = (
    Means("eid", _("IDENTIFICATION avec un lecteur de cartes eID"), LEVEL_EID),
    Means("itsme", _("IDENTIFICATION via itsme"), LEVEL_ITSME),
    Means(
        "code",
        _("IDENTIFICATION avec un code de sécurité via une application mobile"),
        LEVEL_SECURITY_CODE,
    ),
)


def issuer() -> str:
    return settings.FAS_ISSUER.rstrip("/")


def is_enabled() -> bool:
    return bool(settings.FAS_ISSUER and settings.FAS_CLIENT_ID and settings.FAS_CLIENT_SECRET)


def level_number(level: str) -> int | None:
    match = _LEVEL.match(str(level).strip())
    return int(match.group(1)) if match else None


def accepted_levels() -> set[str]:
    """The setting's levels, less those at or below Level200 (never accepted)."""
    return {
        level
        for level in settings.FAS_ACCEPTED_LEVELS
        if (number := level_number(level)) is not None and number > WEAKEST_REFUSED
    }


def offered_means() -> list[Means]:
    """The login page's buttons: the means whose level is accepted (none when FAS is off)."""
    if not is_enabled():
        return []
    accepted = accepted_levels()
    return [means for means in MEANS if means.level in accepted]


def end_session_endpoint() -> str:
    return issuer() + END_SESSION_PATH


def oidc_setting(attr: str, *default):
    """What mozilla-django-oidc's `get_settings` returns: computed from FAS_* for its OIDC_*
    names, Django's settings for the rest (LOGIN_REDIRECT_URL…)."""
    base = issuer()
    computed = {
        **{name: base + path for name, path in ENDPOINTS.items()},
        "OIDC_RP_CLIENT_ID": settings.FAS_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.FAS_CLIENT_SECRET,
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": SCOPES,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_USE_NONCE": True,
        "OIDC_VERIFY_KID": True,
        "OIDC_VERIFY_SSL": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_TIMEOUT": settings.FAS_TIMEOUT,
        "OIDC_PROXY": None,
        "OIDC_TOKEN_USE_BASIC_AUTH": False,
        "OIDC_CREATE_USER": False,
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_STORE_ID_TOKEN": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "fas_callback",
        "OIDC_AUTH_REQUEST_EXTRA_PARAMS": {},
        "LOGIN_REDIRECT_URL_FAILURE": "/",
    }
    if attr in computed:
        return computed[attr]
    return import_from_settings(attr, *default)
