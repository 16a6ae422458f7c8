"""The federal login's views: a button starts it, the provider comes back to the callback.

Every way the login can fail ends on one page (`primaweb/fas_refused.html`) that says why,
with its status, and without a session: the callback flushes it, so nothing the provider sent
and no half-login stays behind.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from primaweb.fas import config
from primaweb.fas.refusals import FasRefusal, Reason

logger = logging.getLogger(__name__)

LEVEL_SESSION_KEY = "fas_level"
ID_TOKEN_SESSION_KEY = "fas_id_token"  # noqa: S105 - a session key's name


def refusal_page(request, reason: Reason, *, detail: str = ""):
    logger.warning("federal login refused: %s %s", reason.code, detail)
    if hasattr(request, "session"):
        request.session.flush()
    return render(
        request,
        "primaweb/fas_refused.html",
        {"reason": reason, "message": reason.message},
        status=reason.status,
    )


@method_decorator(login_not_required, name="dispatch")
class FasLoginView(OIDCAuthenticationRequestView):
    """`/connexion/fas/?moyen=eid`: to the provider, asking for that means' level."""

    get_settings = staticmethod(config.oidc_setting)

    def get(self, request):
        if not config.is_enabled():
            return refusal_page(request, Reason.NOT_CONFIGURED)
        means = {m.key: m for m in config.offered_means()}.get(request.GET.get("moyen", ""))
        if means is None:
            return refusal_page(request, Reason.MEANS_NOT_ACCEPTED)
        self.means = means
        # The library read these in __init__, before a test or an operator changed them.
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)

    def get_extra_params(self, request):
        return {"acr_values": self.means.level}


@method_decorator(login_not_required, name="dispatch")
class FasCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: a session for a registered agent, a clear page otherwise."""

    get_settings = staticmethod(config.oidc_setting)

    def get(self, request):
        if not config.is_enabled():
            return refusal_page(request, Reason.NOT_CONFIGURED)
        if request.GET.get("error"):
            super().get(request)  # forgets the state, logs out
            return refusal_page(request, Reason.CANCELLED, detail=request.GET["error"][:100])
        try:
            return super().get(request)
        except FasRefusal as refusal:
            return refusal_page(request, refusal.reason, detail=refusal.detail)
        except SuspiciousOperation as error:  # a state the session does not know
            return refusal_page(request, Reason.STATE_MISMATCH, detail=str(error))

    def login_failure(self):
        """No code and state, or a session without any login under way."""
        return refusal_page(self.request, Reason.STATE_MISMATCH, detail="no login under way")

    def login_success(self):
        response = super().login_success()
        self.request.session[LEVEL_SESSION_KEY] = self.user.fas_level
        self.request.session[ID_TOKEN_SESSION_KEY] = self.user.fas_id_token
        logger.info("federal login of user %s at %s", self.user.pk, self.user.fas_level)
        return response


def end_session_url(request) -> str | None:
    """Where logging out sends a federal session: FAS's end-session endpoint, which ends the
    provider's session too and comes back to the login page. None for a password session."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not id_token or not config.is_enabled():
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{config.end_session_endpoint()}?{query}"
