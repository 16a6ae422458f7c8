"""An Agent Social reads their own consultations under « Accès » → « Admin-Logs », and the
language switch names each language in its own language: in French and in Dutch, with axe."""

import re

import pytest

from tests.factories import make_log_entry, make_manual_louise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN_NAMES = ["Français", "Nederlands", "Deutsch", "English"]


@pytest.fixture
def louise(agent_profile, colleague_profile):
    louise = make_manual_louise()
    # A colleague's consultation of another person: never on the agent's page.
    make_log_entry(colleague_profile, "85073003328")
    return louise


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_an_agent_reads_their_own_consultations_in_admin_logs(louise, web, language):
    web.start()
    page = web.page
    web.login("agent")
    web.select_role()
    if language != "fr":
        web.switch_language(language)
    # Each language is named in its own language, whatever the page's language.
    options = web.field("Langue").locator("option").all_inner_texts()
    assert [option.strip() for option in options] == OWN_NAMES
    # A consultation: the person page of Louise (and her partner's name, none here).
    web.goto(f"/dossiers/nouveau/personne/{louise.pk}/")
    web.check("fiche-personne")
    web.goto("/")
    menu = page.get_by_role("navigation", name=web.t("Menu principal"))
    menu.get_by_role("link", name=web.t("Admin-Logs")).first.click()
    page.wait_for_url(re.compile(r"/dossiers/admin-logs/"))
    web.check("admin-logs-agent")
    body = page.locator("main").inner_text()
    assert "974324 051 15" in body
    assert "850730 033 28" not in body
    assert web.t("Consultation de la personne") in body
    # No filter on other agents for an Agent Social.
    assert page.get_by_label(web.n("Agent")).count() == 0
    # The NISS filter narrows to the agent's own rows only.
    web.field("NISS").fill("85073003328")
    web.click_button("Filtrer")
    web.check("admin-logs-agent-filtre")
    assert "850730 033 28" not in page.locator("tbody").inner_text()
    assert web.t("Aucune entrée.") in page.locator("tbody").inner_text()
