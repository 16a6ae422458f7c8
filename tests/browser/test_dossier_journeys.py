"""Journeys 2 and 4: from a request, "Créer un dossier" by phonetic search or by NISS,
with JavaScript (instant address copy) and without (the copy is a submit)."""

import re

import pytest

from tests.factories import OnlineRequestFactory, PersonFactory, make_manual_louise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOUISE_NISS = "97432405115"


@pytest.fixture
def registry(db):
    """Louise Delacroix (24/03/1997, the manual's NISS) and a namesake born in 1960."""
    louise = make_manual_louise()
    PersonFactory(last_name="Delacroix", first_names="Georges", sex="M", birth_year=1960)
    return louise


@pytest.fixture
def request_of_louise(cpas, agent_profile, registry):
    return OnlineRequestFactory(
        cpas=cpas, reference="2A90072YKMHZ", first_name="Louise", last_name="Delacroix"
    )


def open_request(web, language: str = "fr"):
    web.login("agent")
    web.select_role()
    if language != "fr":
        web.switch_language(language)
    web.click_link("Consulter les demandes CPAS Online")
    web.page.get_by_role("link", name=re.compile(r"2A90072YKMHZ")).click()
    web.page.wait_for_url(re.compile(r"/demandes-cpas-online/\d+/"))
    web.check("details-demande")


def identify(web, mode: str):
    page = web.page
    web.click_link("Créer un dossier")
    page.wait_for_url(re.compile(r"/dossiers/nouveau/\?demande="))
    web.check("identification")
    if mode == "phonetic":
        # The day unknown: 00, with a tolerance of one month.
        page.get_by_role("radio", name=web.t("Par une recherche phonétique")).check()
        web.field("Nom *").fill("Delacroix")
        web.field("Jour (JJ)").fill("00")
        web.field("Mois (MM)").fill("03")
        web.field("Année (AAAA)").fill("1997")
        web.field("Tolérance").select_option(label="01")
    else:
        page.get_by_role("radio", name=web.t("Par un NISS")).check()
        web.field("Numéro *").fill("974324 051 15")
    web.click_button("Rechercher")
    page.get_by_role("heading", name=web.t("Liste des personnes trouvées")).wait_for()
    web.check("personnes-trouvees")
    results = page.locator(".person-results table").inner_text()
    assert "974324 051 15" in results
    assert "Georges" not in results  # born in 1960: out of the window
    page.get_by_role("row", name=re.compile("Louise Marie")).get_by_role(
        "link", name=web.t("Détails")
    ).click()
    page.wait_for_url(re.compile(r"/dossiers/nouveau/personne/\d+/"))
    web.check("identification-de-la-personne")


def copy_and_create(web, *, javascript: bool):
    page = web.page
    street = web.field("Rue *")
    assert street.input_value() == ""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    web.click_button("Copier ces informations dans l'adresse de résidence effective")
    if javascript:
        assert requests == []  # filled in by the script, no round trip
        assert street.evaluate("(el) => el === document.activeElement")
    else:
        page.wait_for_load_state()
        assert any("/dossiers/nouveau/personne/" in url for url in requests)
    assert web.field("Rue *").input_value() == "Rue de l'Église"
    assert web.field("Numéro *").input_value() == "12"
    assert web.field("Code postal *").input_value() == "3717"
    assert web.field("Localité *").input_value() == "Herstappe"
    web.check("adresse-copiee")
    page.get_by_role("button", name=web.t("Créer le dossier"), exact=True).last.click()
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    web.check("page-principale-du-dossier")
    web.print_preview("page-principale-du-dossier")
    content = page.locator("main").inner_text()
    assert web.t("Page principale du dossier") in content
    assert "974324 051 15" in content
    assert content.count("Rue de l'Église") == 2  # legal address and the effective one
    assert "2A90072YKMHZ" in content  # the request the dossier comes from


def create_dossier_from_request(web, *, mode: str, javascript: bool, language: str = "fr"):
    open_request(web, language)
    identify(web, mode)
    copy_and_create(web, javascript=javascript)
    # Back on the request: "Voir le dossier" now.
    web.page.get_by_role("link", name="2A90072YKMHZ").first.click()
    web.page.wait_for_url(re.compile(r"/demandes-cpas-online/\d+/"))
    assert web.page.get_by_role("link", name=web.t("Voir le dossier")).is_visible()


@pytest.mark.parametrize(
    ("mode", "language"), [("phonetic", "fr"), ("niss", "fr"), ("phonetic", "nl")]
)
def test_journey_2_dossier_from_a_request(request_of_louise, web, mode, language):
    web.start()
    create_dossier_from_request(web, mode=mode, javascript=True, language=language)
    assert web.errors == []


@pytest.mark.parametrize("mode", ["phonetic", "niss"])
def test_journey_4_dossier_from_a_request_without_javascript(request_of_louise, web, mode):
    web.start(javascript=False)
    create_dossier_from_request(web, mode=mode, javascript=False)
