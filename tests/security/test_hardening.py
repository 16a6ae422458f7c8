"""Deployment hardening: response headers, cookies, sessions, passwords, lockout, error pages.

`tests/primaweb/test_settings.py` checks that `manage.py check --deploy` is clean.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from primaweb.middleware import SessionIdleRefreshMiddleware

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response):
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, [])
        assert "'unsafe-eval'" not in csp.get(directive, [])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/connexion/", "/demande-en-ligne/", "/page-inconnue/"])
def test_public_pages_carry_the_security_headers(client, path):
    assert_security_headers(client.get(path))


def test_agent_pages_carry_the_security_headers(agent_client):
    response = agent_client.get(reverse("requests_online:list"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_hsts_on_https(client):
    response = client.get("/connexion/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_pages_have_no_inline_script_or_style(agent_client, insider_world):
    """The CSP forbids them; a page relying on one would break in the browser."""
    import re

    for path in [
        "/",
        reverse("requests_online:list"),
        reverse("dossiers:identify"),
        reverse("dossiers:person", args=[insider_world["person"].pk]),
        "/connexion/",
    ]:
        body = agent_client.get(path).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path
        assert "<style" not in body, path
        assert not re.search(r"\sstyle=", body), path
        assert not re.search(r"\son[a-z]+=", body), path


def production_settings() -> dict:
    """The settings a production process gets (DEBUG off, no test overrides)."""
    code = (
        "import json, django; from django.conf import settings as s; django.setup();"
        "names = ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE',"
        " 'SESSION_COOKIE_AGE', 'SESSION_IDLE_REFRESH_SECONDS', 'SESSION_EXPIRE_AT_BROWSER_CLOSE',"
        " 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT',"
        " 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'DEBUG',"
        " 'AXES_FAILURE_LIMIT', 'CSRF_FAILURE_VIEW'];"
        "out = {n: getattr(s, n) for n in names};"
        "out['validators'] = len(s.AUTH_PASSWORD_VALIDATORS); out['MIDDLEWARE'] = s.MIDDLEWARE;"
        "out['AXES_COOLOFF_TIME'] = s.AXES_COOLOFF_TIME.total_seconds();"
        "print(json.dumps(out))"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SESSION_", "CSRF_")) and k not in {"DEBUG", "TESTING"}
    }
    env.update(
        SECRET_KEY="production-like-secret-" + "x9Q!" * 12,
        DJANGO_SETTINGS_MODULE="primaweb.settings",
        ALLOWED_HOSTS="primaweb.example.be",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_secure_the_session():
    s = production_settings()
    assert s["DEBUG"] is False
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"] and s["SECURE_SSL_REDIRECT"]
    assert s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_HTTPONLY"]
    assert s["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert s["SESSION_COOKIE_AGE"] == 30 * 60
    assert "primaweb.middleware.SessionIdleRefreshMiddleware" in s["MIDDLEWARE"]
    assert s["SESSION_IDLE_REFRESH_SECONDS"] <= 60
    assert s["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert s["SECURE_HSTS_SECONDS"] >= 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["validators"] >= 4
    assert s["AXES_FAILURE_LIMIT"] == 5 and s["AXES_COOLOFF_TIME"] == 15 * 60
    assert s["CSRF_FAILURE_VIEW"] == "primaweb.errors.csrf_failure"


def test_the_session_cookie_is_httponly_secure_lax_and_ends_with_the_browser(agent_profile):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "agent", "password": "demo-password-123"}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["secure"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie


def test_the_session_expires_after_30_minutes_without_activity(agent_client):
    agent_client.get("/")
    session = Session.objects.get(session_key=agent_client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # A request pushes the deadline back to 30 minutes (renewed at most once a minute).
    stored = agent_client.session
    stored[SessionIdleRefreshMiddleware.KEY] = 0
    stored.save()
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=1))
    agent_client.get("/")
    session.refresh_from_db()
    assert session.expire_date - timezone.now() > timedelta(minutes=29)
    # Past it, the session is gone: back to the login page.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = agent_client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("password", ["demo", "12345678", "password", "agent2024"])
def test_weak_passwords_are_refused(password, agent_profile):
    with pytest.raises(ValidationError):
        validate_password(password, user=agent_profile.user)


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(client, agent_profile):
    for _attempt in range(4):
        response = client.post(reverse("login"), {"username": "agent", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "agent", "password": "wrong"})
    assert response.status_code == 429  # the 5th failure locks
    response = client.post(reverse("login"), {"username": "agent", "password": "demo-password-123"})
    assert response.status_code == 429  # even with the right password, for 15 minutes
    assert "temporairement bloqué" in response.content.decode()
    assert_security_headers(response)


# --- error pages -----------------------------------------------------------------------------


def test_404_is_french_with_the_menu_for_an_agent(agent_client):
    response = agent_client.get("/page-inconnue/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body and 'class="side-menu"' in body


def test_404_of_another_cpas_object_is_the_same_page(outsider_client, insider_world):
    response = outsider_client.get(
        reverse("requests_online:details", args=[insider_world["request"].pk])
    )
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body and "OnlineRequest" not in body


def test_404_without_login_has_no_menu(client):
    response = client.get("/page-inconnue/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page introuvable" in body and 'class="side-menu"' not in body


def test_403_is_french_with_the_menu(agent_client, settings):
    settings.ROOT_URLCONF = "tests.security.urls_boom"
    response = agent_client.get("/refuse/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Accès refusé" in body and "Réservé aux administrateurs" in body
    assert 'class="side-menu"' in body


def test_csrf_failure_is_french_with_the_menu(agent_profile):
    from tests.conftest import login_with_profile

    client = login_with_profile(Client(enforce_csrf_checks=True), agent_profile)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formulaire expiré" in body and 'class="side-menu"' in body
    assert_security_headers(response)


@pytest.fixture
def boom_urls(settings):
    settings.ROOT_URLCONF = "tests.security.urls_boom"


def test_500_is_french_with_the_menu(agent_profile, boom_urls):
    from tests.conftest import login_with_profile

    client = login_with_profile(Client(raise_request_exception=False), agent_profile)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Une erreur est survenue" in body and 'class="side-menu"' in body
    assert "RuntimeError" not in body and "Traceback" not in body
    assert_security_headers(response)


def test_500_page_degrades_when_the_layout_cannot_be_rendered(agent_profile, boom_urls, settings):
    """A context processor failing (e.g. the database is gone) still gives a French 500."""
    from tests.conftest import login_with_profile

    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    "tests.security.test_hardening.broken_context_processor",
                ],
            },
        }
    ]
    client = login_with_profile(Client(raise_request_exception=False), agent_profile)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def broken_context_processor(request):
    raise RuntimeError("database unavailable")


def test_500_fallback_without_any_template(rf, monkeypatch):
    from primaweb import errors

    def broken(*args, **kwargs):
        raise RuntimeError("no templates")

    monkeypatch.setattr(errors, "render", broken)
    monkeypatch.setattr(errors.loader, "get_template", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nl", "Er is een fout opgetreden"), ("de", "Es ist ein Fehler aufgetreten")],
)
def test_the_500_fallback_speaks_the_language_of_the_request(rf, monkeypatch, language, heading):
    """Without any template, the plain page still has the texts of 500.html, translated."""
    from django.utils import translation

    from primaweb import errors

    def broken(*args, **kwargs):
        raise RuntimeError("no templates")

    monkeypatch.setattr(errors, "render", broken)
    monkeypatch.setattr(errors.loader, "get_template", broken)
    with translation.override(language):
        body = errors.server_error(rf.get("/")).content.decode()
    assert f'<html lang="{language}">' in body and f"<h1>{heading}</h1>" in body
    assert "Une erreur est survenue" not in body


def test_the_project_declares_its_500_handler():
    from primaweb import urls

    assert urls.handler500 == "primaweb.errors.server_error"
