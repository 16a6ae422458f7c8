"""Every page of the menu, in the four languages: axe-core scan and screenshot of each, and the
language switch (same page, choice remembered)."""

import re

import pytest

from dossiers.services import dossier_create
from primaweb.addresses import PostalAddress
from tests.factories import OnlineRequestFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(cpas, admin_profile, agent_profile):
    person = PersonFactory(last_name="Delacroix", first_names="Louise", birth_year=1997)
    origin = OnlineRequestFactory(cpas=cpas, first_name="Louise", last_name="Delacroix")
    dossier = dossier_create(
        cpas=cpas,
        person=person,
        address=PostalAddress(
            street="Rue Lambert", house_number="7", box="", postal_code="3717", locality="Herstappe"
        ),
        created_by=agent_profile.user,
        origin=origin,
    )
    return {"dossier": dossier.pk, "request": origin.pk, "person": person.pk}


PAGES = [
    ("accueil", "/"),
    ("fiche-cpas", "/cpas/fiche/"),
    ("assistants-sociaux", "/cpas/assistants/"),
    ("mes-acces", "/acces/"),
    ("admin-logs", "/dossiers/admin-logs/"),
    ("dossiers-du-cpas", "/dossiers/"),
    ("rechercher-un-dossier", "/dossiers/rechercher/?q=Delacroix"),
    ("nouveau-dossier", "/dossiers/nouveau/"),
    ("nouveau-dossier-erreurs", "/dossiers/nouveau/?mode=phonetique&birth_day=xx&birth_year=1"),
    ("personne", "/dossiers/nouveau/personne/{person}/"),
    ("dossier", "/dossiers/{dossier}/"),
    ("demandes", "/demandes-cpas-online/"),
    ("demandes-erreurs", "/demandes-cpas-online/?mode=demandes&date_from=99%2F99%2F2024"),
    ("demande", "/demandes-cpas-online/{request}/"),
    ("page-introuvable", "/nexiste-pas/"),
]


@pytest.mark.parametrize(
    ("language", "width"), [("fr", 1280), ("nl", 1024), ("de", 1024), ("en", 1280)]
)
def test_every_page_in_every_language(data, web, language, width):
    web.start(width=width)
    web.login("chef")
    web.select_role("Administrateur CPAS", check=False)
    if language != "fr":
        web.switch_language(language)
    for step, path in PAGES:
        web.goto(path.format(**data))
        web.check(step)
        assert web.page.locator("h1").count() == 1, step
    # Public pages, logged out.
    web.logout()
    assert web.page.locator("html").get_attribute("lang") == language
    web.goto("/demande-en-ligne/")
    web.check("formulaire-citoyen")


def test_the_language_switch_keeps_the_page_and_is_remembered(data, web):
    web.start()
    page = web.page
    # Anonymous, on the login page.
    web.goto("/connexion/")
    web.switch_language("de")
    assert page.get_by_role("heading", level=1).inner_text() == web.t(
        "S'identifier à l'administration en ligne"
    )
    web.login("agent")
    web.select_role()
    # With a query string: the same search comes back, in the new language.
    web.goto("/demandes-cpas-online/?mode=demandes&state=lues&date_from=01%2F07%2F2024")
    web.switch_language("nl")
    assert web.path() == "/demandes-cpas-online/?mode=demandes&state=lues&date_from=01%2F07%2F2024"
    assert web.field("soumises à partir du").input_value() == "01/07/2024"  # dates stay JJ/MM/AAAA
    assert page.get_by_role("heading", level=1).inner_text() == "Aanvragen OCMW Online"
    # Remembered: a cookie, so also after logging out and in again.
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("django_language") == "nl"
    web.logout()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("button", name="Aanmelden").is_visible()
    assert re.search(r"/connexion/", page.url)
