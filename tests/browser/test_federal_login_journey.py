"""An agent registered beforehand logs in with the eID button: the provider's page (the local
FAS of tests/fas), back to « Veuillez sélectionner votre rôle », home; then logs out, which
ends the provider's session too. In French and in Dutch, with axe on Primaweb's pages."""

import re

import pytest

from tests.fas.conftest import AGENT_NRN, fas, fas_server, registered_agent  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_an_agent_logs_in_with_the_eid_button_chooses_a_role_and_reaches_home(
    registered_agent,  # noqa: F811
    fas,  # noqa: F811
    web,
    language,
):
    web.start()
    page = web.page
    web.goto("/connexion/")
    if language != "fr":
        web.switch_language(language)
    web.check("connexion-cles-federales")
    # The manual's buttons: eID and itsme; the security code is not accepted by default.
    web.page.get_by_role("button", name=web.t("IDENTIFICATION via itsme")).wait_for()
    web.click_button("IDENTIFICATION avec un lecteur de cartes eID")
    # The provider's page (FAS in production): the card's national number, the level used.
    page.wait_for_url(re.compile(r"/fas/oauth2/interaction/"))
    assert "Level500" in page.get_by_label("Niveau utilisé").input_value()
    page.get_by_label("Numéro de registre national").fill(AGENT_NRN)
    page.screenshot(path=str(web_folder(web) / f"fournisseur-{language}.png"), full_page=True)
    page.get_by_role("button", name="S'identifier").click()
    page.wait_for_url(re.compile(r"/role/$"))
    assert page.locator("html").get_attribute("lang") == language
    web.select_role()
    web.check("accueil")
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("button", name=web.t("Se déconnecter")).is_visible()
    # Logging out goes through the provider's end-session page and back to the login page.
    web.click_button("Se déconnecter")
    page.wait_for_url(re.compile(r"/fas/oauth2/connect/endSession"))
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(re.compile(r"/connexion/$"))
    web.check("deconnecte")
    web.goto("/")
    page.wait_for_url(re.compile(r"/connexion/"))


def web_folder(web):
    from tests.browser.conftest import ARTIFACTS

    folder = ARTIFACTS / web.journey
    folder.mkdir(parents=True, exist_ok=True)
    return folder
