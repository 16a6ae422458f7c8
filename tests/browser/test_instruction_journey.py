"""Journey of issue #15: an agent instructs a request for the integration income, from the
dossier to the notified decision, in French and Dutch (axe and screenshots on every page).

Camille Dubois, 24, lives with her parents. The register lists her father as head of the
household and her mother as his spouse, so the enquiry first takes her mother for a partner and
her father for « Autre »: the agent corrects both links to « Parent ». Her parents give her
300 € a month; her mother earns 1.234,56 € a month (typed the Belgian way), which the CPAS does
not count (it may count a parent's resources; it chose not to). That is dis.md §6.6 (2), the
BDAS example: a cohabitant at 01/02/2025 with 300 € a month → 7.068,60 € a year, 589,05 € a
month, from a right that starts on the 1st of the month.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from decisions.models import CpasTribunal, LabourTribunal
from dossiers.services import dossier_create
from integration_income.choices import Category
from integration_income.selectors import parameters_at
from primaweb.addresses import PostalAddress
from primaweb.amounts import format_euros
from registry.models import Household, HouseholdMember, HouseholdRole
from tests.factories import AddressFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECEIVED = date(2025, 2, 1)  # the amounts of 01/02/2025 are in force; a right from the 1st
SESSION = date(2025, 2, 20)
VISIT = date(2025, 2, 5)
NOTIFIED = date(2025, 2, 25)
PARENTS_GIFT = Decimal("300.00")
MOTHERS_WAGE = Decimal("1234.56")
# dis.md §6.6 (2), as the source prints it.
SOURCED_ANNUAL = Decimal("7068.60")
SOURCED_MONTHLY = Decimal("589.05")


def d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def data(cpas, agent_profile):
    """Camille's dossier (no request yet), the CPAS's labour tribunal, and the figures the
    calculation must show, from the amounts in force at the date of the right."""
    tribunal = LabourTribunal.objects.create(
        name="Tribunal du travail de Liège, division Liège",
        street="Place Saint-Lambert",
        house_number="30",
        postal_code="4000",
        locality="Liège",
    )
    CpasTribunal.objects.create(cpas=cpas, tribunal=tribunal)

    address = AddressFactory(street="Rue Lambert", house_number="7", postal_code="3717")
    household = Household.objects.create(address=address)

    def person(first_names, sex, year, month, day, role):
        member = PersonFactory(
            last_name="Dubois",
            first_names=first_names,
            sex=sex,
            birth_year=year,
            birth_month=month,
            birth_day=day,
            residential_address=address,
        )
        HouseholdMember.objects.create(household=household, person=member, role=role)
        return member

    person("Marc", "M", 1968, 2, 3, HouseholdRole.HEAD)
    person("Anne", "F", 1970, 2, 3, HouseholdRole.SPOUSE)  # the head's spouse, not Camille's
    camille = person("Camille", "F", 2000, 6, 15, HouseholdRole.CHILD)
    dossier = dossier_create(
        cpas=cpas,
        person=camille,
        address=PostalAddress(
            street="Rue Lambert",
            house_number="7",
            box="B",
            postal_code="3717",
            locality="Herstappe",
        ),
        created_by=agent_profile.user,
        role=agent_profile.role,
    )

    rate = parameters_at(RECEIVED).rate(Category.COHABITANT)
    yearly = PARENTS_GIFT * 12
    counted = yearly - rate.general_exemption  # below the category's amount: exempted
    annual = rate.annual - counted
    monthly = (annual / 12).quantize(Decimal("0.01"))
    assert (annual, monthly) == (SOURCED_ANNUAL, SOURCED_MONTHLY)  # dis.md §6.6 (2)
    return {
        "dossier": dossier.number,
        "figures": {
            "Montant annuel du revenu d'intégration (%(category)s)": rate.annual,
            "Ressources comptées du mois": PARENTS_GIFT,
            "Ressources annuelles (× 12)": yearly,
            "Exonération générale (%(category)s), par an": -rate.general_exemption,
            "Ressources annuelles comptées": counted,
            "Revenu d'intégration annuel": annual,
            "Revenu d'intégration mensuel": monthly,
        },
        "annual": annual,
        "monthly": monthly,
    }


def euros(amount: Decimal) -> str:
    return format_euros(amount)


def text(web) -> str:
    return web.page.locator("main").inner_text()


def open_the_dossier(web, data, language):
    web.login("agent")
    web.select_role()
    if language != "fr":
        web.switch_language(language)
    web.click_link("Dossiers du C.P.A.S.")
    web.page.wait_for_url(re.compile(r"/dossiers/$"))
    web.check("dossiers-du-cpas")
    web.page.get_by_role("link", name=data["dossier"], exact=True).click()
    web.page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    web.check("page-principale-du-dossier")
    assert web.t("Aucune demande pour ce dossier.") in text(web)


def new_request(web):
    page = web.page
    web.click_link("Nouvelle demande")
    page.wait_for_url(re.compile(r"/nouvelle-demande/$"))
    web.check("nouvelle-demande")
    web.field("Date de réception").fill(d(RECEIVED))
    web.field("Mode d'introduction").select_option("ecrite")
    web.field("Objet de la demande").select_option("ri")
    web.click_button("Enregistrer la demande")
    page.wait_for_url(re.compile(r"/demandes/\d+/$"))
    web.check("demande")
    summary = page.locator("dl.details").first.inner_text()
    assert d(RECEIVED) in summary
    assert web.t("Écrite") in summary
    assert d(date(2025, 3, 3)) in summary  # decision within 30 days (03/03/2025)


def member_row(web, name: str):
    return web.page.locator("#menage table tbody tr").filter(has_text=name)


def enquiry(web):
    """The household's links corrected, two resources, a home visit."""
    page = web.page
    assert web.t("Partenaire") in member_row(web, "Dubois Anne").inner_text()
    assert web.t("Autre") in member_row(web, "Dubois Marc").inner_text()
    for name in ("Dubois Anne", "Dubois Marc"):
        member_row(web, name).get_by_role("link", name=f"{web.t('Modifier')} {name}").click()
        page.wait_for_url(re.compile(r"/menage/\d+/$"))
        web.check("modifier-un-membre-du-menage")
        web.field("Lien avec le demandeur").select_option("parent")
        web.click_button("Enregistrer")
        page.wait_for_url(re.compile(r"/demandes/\d+/#menage$"))
        assert web.t("Membre du ménage modifié.") in text(web)
        row = member_row(web, name).inner_text()
        assert web.t("Parent") in row and web.t("Partenaire") not in row
    web.check("menage-corrige")

    resources = page.locator("#ressources")
    for who, kind, amount in (
        (None, "other", "300,00"),
        ("Dubois Anne", "work_art35", "1.234,56"),  # the Belgian way
    ):
        if who:
            resources.get_by_label(web.n("Personne")).select_option(label=who)
        resources.get_by_label(web.n("Type de ressource")).select_option(kind)
        resources.get_by_label(web.n("Montant mensuel net (€)")).fill(amount)
        web.click_button("Ajouter la ressource")
        page.wait_for_url(re.compile(r"/demandes/\d+/#ressources$"))
        assert web.t("Ressource ajoutée.") in text(web)
    table = page.locator("#ressources table").inner_text()
    assert euros(PARENTS_GIFT) in table
    assert euros(MOTHERS_WAGE) in table  # read as 1234.56, not 1.23456
    web.check("ressources")

    visits = page.locator("#visites")
    visits.get_by_label(web.n("Date de la visite")).fill(d(VISIT))
    visits.get_by_label(web.n("Constat")).fill(
        "Camille vit chez ses parents, dans sa propre chambre ; ils lui donnent 300 € par mois."
    )
    web.click_button("Ajouter la visite")
    page.wait_for_url(re.compile(r"/demandes/\d+/#visites$"))
    assert d(VISIT) in page.locator("#visites").inner_text()
    web.check("visite-a-domicile")


def calculation_lines(web) -> list[tuple[str, str]]:
    """(label, amount) of each line of the calculation, as shown."""
    return [
        tuple(cell.strip() for cell in row)
        for row in web.page.locator("#resultat table.calculation-lines tbody tr").evaluate_all(
            "(rows) => rows.map((row) => [...row.cells].map((cell) => cell.innerText))"
        )
    ]


def amount_of(lines, web, label: str) -> str:
    """The amount of the line labelled `label` (a msgid; its placeholders left out)."""
    start = web.t(label).split("%(")[0]
    (amount,) = [amount for text, amount in lines if text.startswith(start)]
    return amount


def calculation(web, data):
    page = web.page
    web.click_link("Calcul du revenu d'intégration")
    page.wait_for_url(re.compile(r"/calcul/$"))
    web.check("calcul-du-revenu-d-integration")
    lines = calculation_lines(web)
    for label, amount in data["figures"].items():
        assert amount_of(lines, web, label) == euros(amount), (label, lines)
    # The mother's wage is listed, not counted: the CPAS does not count a parent's resources.
    (wage,) = [text for text, amount in lines if amount == euros(MOTHERS_WAGE)]
    assert web.t("le CPAS ne les compte pas") in wage
    result = page.locator("#resultat dl").inner_text()
    assert d(RECEIVED) in result  # amounts in force at 01/02/2025
    assert euros(data["annual"]) in result
    assert euros(data["monthly"]) in result
    assert web.t("Le demandeur a droit au revenu d'intégration.") in text(web)
    full_month = web.t("%(covered)s/%(days)s jours") % {"covered": 28, "days": 28}
    assert f"{euros(data['monthly'])} ({full_month})" in result  # a right from the 1st


def propose(web):
    page = web.page
    proposal = page.locator("#proposition")
    proposal.get_by_label(web.n("Proposition")).select_option("octroi")
    proposal.get_by_label(web.n("Date de la séance")).fill(d(SESSION))
    proposal.get_by_label(web.n("Organe")).select_option("conseil")
    proposal.get_by_label(web.n("Motivation proposée")).fill(
        "Cohabite avec ses parents, qui lui donnent 300 € par mois ; ressources inférieures "
        "au taux cohabitant."
    )
    web.click_button("Proposer au Conseil")
    page.wait_for_url(re.compile(r"/seances/\?"))
    web.check("seance-du-conseil")
    assert web.t("Séance du Conseil") in page.locator("h1").inner_text()
    row = page.locator("table tbody tr").filter(has_text="Dubois")
    assert row.count() == 1
    assert web.t("Octroi") in row.inner_text()


def decide(web, data):
    page = web.page
    page.locator("table tbody tr").filter(has_text="Dubois").get_by_role(
        "link", name=re.compile(re.escape(web.t("Enregistrer la décision")))
    ).click()
    page.wait_for_url(re.compile(r"/propositions/\d+/decision/$"))
    web.check("enregistrer-la-decision")
    assert web.field("Décision").input_value() == "octroi"
    assert web.field("Date de la séance").input_value() == d(SESSION)
    assert web.field("Du").input_value() == d(RECEIVED)
    web.field("Motivation en droit").fill(
        "Loi du 26 mai 2002, art. 14 §1er, 1° : taux cohabitant ; AR du 11 juillet 2002, art. 22 "
        "(exonération générale)."
    )
    web.field("Motivation en fait").fill(
        "Cohabite avec ses parents ; 300 € par mois de leur part. Le CPAS ne compte pas les "
        "revenus de ses parents."
    )
    web.field("Projet individualisé d'intégration sociale (PIIS)").select_option("obligatoire")
    web.click_button("Enregistrer la décision")
    page.wait_for_url(re.compile(r"/decisions/\d+/$"))
    web.check("decision-du-conseil")
    content = text(web)
    assert web.t("Décision enregistrée : elle est à notifier.") in content
    assert euros(data["annual"]) in content and euros(data["monthly"]) in content
    assert web.t("PIIS obligatoire") in content


def notify(web):
    page = web.page
    web.click_link("Notification de la décision")
    page.wait_for_url(re.compile(r"/notification/$"))
    web.check("notification-de-la-decision")
    letter = page.locator("article.notification-letter").inner_text()
    assert "Tribunal du travail de Liège" in letter  # the appeal, with its address
    assert "Place Saint-Lambert 30" in letter
    assert euros(SOURCED_MONTHLY) in letter
    web.print_preview("notification-de-la-decision")
    web.field("Date de notification").fill(d(NOTIFIED))
    web.field("Mode de notification").select_option("recommande")
    web.click_button("Enregistrer la notification")
    page.wait_for_url(re.compile(r"/notification/$"))
    web.check("notification-enregistree")
    assert web.t("Notification de la décision enregistrée.") in text(web)
    assert d(NOTIFIED) in text(web)


def decided_dossier(web, data):
    page = web.page
    web.click_link("Page principale du dossier")
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    web.check("dossier-decide")
    assert page.locator(".dossier-heading .tag").inner_text().strip() == web.t("Décidé")
    current = page.locator("#decisions").inner_text()
    assert web.t("Octroi") in current
    assert d(SESSION) in current
    assert euros(data["monthly"]) in current
    assert d(NOTIFIED) in current


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_instruction_from_the_dossier_to_the_notified_decision(data, web, language):
    web.start()
    open_the_dossier(web, data, language)
    new_request(web)
    enquiry(web)
    calculation(web, data)
    propose(web)
    decide(web, data)
    notify(web)
    decided_dossier(web, data)
    assert web.errors == []
