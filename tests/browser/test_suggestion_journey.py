"""Journey 6 (#18): the agent swaps day and month; « Vouliez-vous dire ? » offers the person,
« Détails », then « Créer le dossier ». In French and Dutch, each page scanned by axe."""

import re

import pytest

from tests.factories import AddressFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def anne(db):
    """Anne Marie Dubois, born 12/05/1988, and a namesake born in 1960."""
    address = AddressFactory(street="Rue de l'Église", house_number="12", postal_code="3717")
    anne = PersonFactory(
        last_name="Dubois",
        first_names="Anne Marie",
        sex="F",
        birth_year=1988,
        birth_month=5,
        birth_day=12,
        residential_address=address,
    )
    PersonFactory(last_name="Dubois", first_names="Georges", sex="M", birth_year=1960)
    return anne


def search_with_the_day_and_month_swapped(web):
    page = web.page
    web.click_link("Nouveau dossier")
    page.wait_for_url(re.compile(r"/dossiers/nouveau/$"))
    web.check("identification")
    page.get_by_role("radio", name=web.t("Par une recherche phonétique")).check()
    web.field("Nom *").fill("Dubois")
    web.field("Prénom(s)").fill("Anne")
    web.field("Jour (JJ)").fill("05")  # born on 12/05: typed month first
    web.field("Mois (MM)").fill("12")
    web.field("Année (AAAA)").fill("1988")
    web.click_button("Rechercher")
    page.get_by_role("heading", name=web.t("Liste des personnes trouvées")).wait_for()


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_journey_6_a_day_and_month_swap_is_suggested_and_becomes_a_dossier(
    agent_profile, anne, web, language
):
    niss = anne.niss_display  # read before the browser starts (no ORM call during it)
    web.start()
    web.login("agent")
    web.select_role()
    if language != "fr":
        web.switch_language(language)
    search_with_the_day_and_month_swapped(web)
    page = web.page
    assert page.get_by_text(web.t("Aucune personne trouvée")).is_visible()
    page.get_by_role("heading", name=web.t("Vouliez-vous dire ?")).wait_for()
    web.check("vouliez-vous-dire")
    suggestions = page.locator(".person-suggestions")
    content = suggestions.inner_text()
    assert niss in content
    assert web.t("jour et mois inversés") in content
    assert "Georges" not in content
    # The registered date, day and month marked: visibly and for screen readers.
    assert suggestions.locator("mark").all_inner_texts() == ["12", "05"]
    hidden = suggestions.locator(".visually-hidden").all_text_contents()
    assert any(web.t("la partie en surbrillance diffère de la saisie") in text for text in hidden)
    # Never chosen for the agent: still the list, until « Détails ».
    assert re.search(r"/dossiers/nouveau/\?", web.path())
    suggestions.get_by_role("row", name=re.compile("Anne Marie")).get_by_role(
        "link", name=web.t("Détails")
    ).click()
    page.wait_for_url(re.compile(r"/dossiers/nouveau/personne/\d+/"))
    web.check("identification-de-la-personne")
    assert niss in page.locator("main").inner_text()
    web.click_button("Copier ces informations dans l'adresse de résidence effective")
    assert web.field("Rue *").input_value() == "Rue de l'Église"
    page.get_by_role("button", name=web.t("Créer le dossier"), exact=True).last.click()
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    web.check("page-principale-du-dossier")
    content = page.locator("main").inner_text()
    assert web.t("Page principale du dossier") in content
    assert niss in content
    assert web.errors == []
