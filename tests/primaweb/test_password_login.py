"""The password form is for the demo and local installations (PASSWORD_LOGIN): off by
default in production, where agents log in with a federal key and superusers need a TOTP
code in the administration site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import ProfileFactory
from tests.primaweb.test_settings import run_python

pytestmark = pytest.mark.django_db

PRINT_DEFAULTS = (
    "import django, os;"
    "os.environ['DJANGO_SETTINGS_MODULE'] = 'primaweb.settings';"
    "django.setup();"
    "from django.conf import settings as s;"
    "print(s.PASSWORD_LOGIN, s.ADMIN_2FA, s.FAS_ACCEPTED_LEVELS)"
)


def test_production_defaults_have_no_password_form_and_a_second_factor_for_the_admin():
    result = run_python(PRINT_DEFAULTS, SECRET_KEY="x" * 50)
    assert result.stdout.split(" ", 2)[:2] == ["False", "True"], result.stderr
    assert "Level500" in result.stdout and "Level450" in result.stdout
    assert "Level400" not in result.stdout


def test_make_run_keeps_the_password_form_and_no_second_factor():
    result = run_python(PRINT_DEFAULTS, DEBUG="true")
    assert result.stdout.split(" ", 2)[:2] == ["True", "False"], result.stderr


def test_fas_without_a_key_for_the_national_numbers_refuses_to_start():
    result = run_python(
        PRINT_DEFAULTS, SECRET_KEY="x" * 50, FAS_ISSUER="https://idp.iamfas.belgium.be/fas/oauth2"
    )
    assert result.returncode != 0
    assert "FAS_NRN_KEY must be set" in result.stderr


def test_without_password_login_the_page_has_no_password_form(client, settings):
    settings.PASSWORD_LOGIN = False
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page
    assert "IDENTIFICATION avec un lecteur de cartes eID" in page


def test_without_password_login_a_posted_password_is_refused(client, settings):
    settings.PASSWORD_LOGIN = False
    ProfileFactory(user__username="sophie")
    response = client.post(
        reverse("login"), {"username": "sophie", "password": "demo-password-123"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_with_password_login_the_form_is_there(client, settings):
    settings.PASSWORD_LOGIN = True
    assert 'name="password"' in client.get(reverse("login")).content.decode()


def test_without_fas_the_federal_keys_are_shown_unavailable(client):
    page = client.get(reverse("login")).content.decode()
    assert 'name="moyen"' not in page
    assert page.count("non disponible") == 4  # eID, itsme, security code, European
