"""The address copy with JavaScript, in a real Chromium (skipped when none is installed)."""

import os
import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from primaweb.middleware import SESSION_KEY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)


@pytest.fixture
def browser_page(live_server, agent_profile, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed")
    # Playwright's sync API runs an event loop; the live server's ORM calls are in its thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client()
    client.force_login(agent_profile.user)
    session = client.session
    session[SESSION_KEY] = agent_profile.pk
    session.save()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        # French pages: the labels below are French, and Chromium asks for English by default.
        context = browser.new_context(locale="fr-BE")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session.session_key,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        errors: list[str] = []
        # Script exceptions and CSP refusals (a missing favicon is not our concern).
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: "Refused" in message.text and errors.append(message.text),
        )
        yield page, errors
        browser.close()


def test_the_copy_fills_the_fields_instantly_without_a_request(louise, live_server, browser_page):
    # No ORM call while Playwright runs: its event loop would give this thread another
    # connection (asgiref contexts) that nobody closes. `louise` is created before it starts.
    page, errors = browser_page
    page.goto(f"{live_server.url}{reverse('dossiers:person', args=[louise.pk])}")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_role(
        "button", name="Copier ces informations dans l'adresse de résidence effective"
    ).click()
    assert page.input_value("#effective_street") == "Rue de l'Église"
    assert page.input_value("#effective_house_number") == "12"
    assert page.input_value("#effective_postal_code") == "3717"
    assert page.input_value("#effective_locality") == "Herstappe"
    assert requests == []  # no form submission
    assert errors == []  # the CSP blocked nothing, the script raised nothing
    page.get_by_role("button", name="Créer le dossier").click()
    page.wait_for_url(f"{live_server.url}/dossiers/*/")
    content = page.content()
    assert "Page principale du dossier" in content
    assert content.count("Rue de l'Église") == 2  # legal address, and the effective one copied
