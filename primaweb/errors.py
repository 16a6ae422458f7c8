"""Error pages: 500 (`handler500`) and CSRF failure (`CSRF_FAILURE_VIEW`).

Django's own 403 and 404 views already render `403.html` / `404.html` with the request, so the
layout shows the menu to a logged-in agent. Its 500 view renders without the request (so that
a broken context processor cannot fail the error page itself) and its CSRF view without any
context processor: these two are replaced here.
"""

from __future__ import annotations

import logging
from html import escape

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language, gettext, gettext_noop
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# The last resort, when even the template cannot be rendered (a broken database, a template
# error): plain HTML, no query, no template, with the texts of templates/500.html in the
# request's language (the catalogues are already in memory), or in French if even that fails.
FALLBACK_500_TEXTS = (
    gettext_noop("Erreur du serveur"),
    gettext_noop("Une erreur est survenue"),
    gettext_noop("Le serveur n'a pas pu traiter votre demande. L'erreur a été enregistrée."),
    gettext_noop(
        "Réessayez dans quelques instants ; si le problème persiste, contactez le support "
        "de votre CPAS."
    ),
    gettext_noop("Retour à la page d'accueil"),
    gettext_noop("Référence de l'erreur à communiquer au support :"),
)
FALLBACK_500_HTML = (
    '<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
    "<title>{} — Prima-web</title></head><body><h1>{}</h1><p>{}</p><p>{}</p>"
    '<p><a href="/">{}</a></p><p>{} <code>{request_id}</code></p></body></html>'
)


def fallback_500(request_id: str = "") -> str:
    """The 500 page without any template, in the active language (French as a last resort),
    with the request id (primaweb/request_log.py) that the agent can quote."""
    try:
        language = get_language() or "fr"
        texts = [gettext(text) for text in FALLBACK_500_TEXTS]
    except Exception:  # noqa: BLE001 - the error page must not fail
        language, texts = "fr", list(FALLBACK_500_TEXTS)
    return FALLBACK_500_HTML.format(
        *map(escape, texts), language=escape(language), request_id=escape(request_id)
    )


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    """The 500 page with the layout (and the menu when logged in), degrading step by step;
    each step shows the request id."""
    context = {"request_id": getattr(request, "request_id", "")}
    try:
        return render(request, template_name, context, status=500)
    except Exception:  # noqa: BLE001 - the error page must not fail: degrade instead
        logger.exception("500 page: rendering with the request failed, without it next")
    try:
        return HttpResponseServerError(loader.get_template(template_name).render(context))
    except Exception:  # noqa: BLE001
        logger.exception("500 page: the template failed, plain HTML instead")
    return HttpResponseServerError(fallback_500(context["request_id"]))


def csrf_failure(request, reason: str = "", template_name: str = "403_csrf.html"):
    """A refused form (expired page, cookies blocked): the layout and what to do next."""
    logger.warning("CSRF failure on %s: %s", request.path, reason)
    try:
        return render(request, template_name, status=403)
    except Exception:  # noqa: BLE001
        logger.exception("CSRF page: rendering with the request failed")
        return HttpResponseForbidden(loader.get_template(template_name).render())
