"""Journeys of issue #16: the forms B sent to the (simulated) SPP IS, in French and Dutch, with
axe on every page.

(a) a decision → « Préparer le formulaire B » → « Envoyer au SPP IS » → « Accepté », with the
    subsidy (55 % of the yearly RI);
(b) a B with PIIS code 3 → « Refusé » (B-PIIS-01 and its explanation) → « Corriger (statut de
    l'avis 1) » → PIIS code 11 → « Accepté » (+10 % PIIS), the refused one « Remplacé »;
(c) a decision of a session three months ago, its B sent today → « Accepté » with the late
    warning B-TARD-01 and the days lost;
(d) the four menu pages: forms left to send (the late one in red, with the days it will lose),
    the list of forms, the blocked or refused forms, the « Échéancier ».

The decisions are built in the test's data through the services the pages call (the helper of
tests/reimbursement/conftest.py); the simulator answers at once (`SPPIS_PROCESS_NOW`).
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone, translation

from dossiers.services import dossier_create
from instruction.models import RequestMode, RequestObject
from instruction.services import request_create
from primaweb.addresses import PostalAddress
from primaweb.amounts import format_euros
from reimbursement.services import form_send, form_update, forms_prepare
from sppis_simulator.subsidy import days_lost, due_date, percent_of
from tests.factories import PersonFactory
from tests.reimbursement.conftest import decide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BASE_RATE = 55  # the CPAS has no beneficiaries' history: the base rate
PIIS_PERCENT = 10
ADDRESS = PostalAddress(
    street="Rue Lambert", house_number="7", box="", postal_code="3717", locality="Herstappe"
)


def d(day) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def world(cpas, agent_profile, settings):
    """The SPP IS answering at once; `grant(first_names, session_date)` builds a decision of
    the agent's CPAS."""
    settings.SPPIS_PROCESS_NOW = True
    user = agent_profile.user
    today = timezone.localdate()

    def grant(last_name: str, *, session_date=today):
        """An isolated applicant without resources (category 2), whose request came in on the
        1st of the session's month; the Council grants the RI from that day."""
        person = PersonFactory(last_name=last_name, first_names="Alex", birth_year=1990)
        dossier = dossier_create(
            cpas=cpas, person=person, address=ADDRESS, created_by=user, role=agent_profile.role
        )
        received = session_date.replace(day=1)
        dis_request = request_create(
            dossier=dossier,
            received_on=received,
            mode=RequestMode.WRITTEN,
            object=RequestObject.INTEGRATION_INCOME,
            created_by=user,
        )
        return decide(dis_request, user, right_from=received, session_date=session_date)

    return {"grant": grant, "today": today, "user": user}


def ngettext(web, singular: str, plural: str, count: int) -> str:
    with translation.override(web.language):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def text(web) -> str:
    return web.page.locator("main").inner_text()


def value_of(web, label: str) -> str:
    """The value shown beside the label `label` (a « Label : » term of a details list)."""
    term = web.page.locator("dt", has_text=web.t(label)).first
    return term.locator("xpath=following-sibling::dd[1]").inner_text().strip()


def state_of(web) -> str:
    return web.page.locator(".dossier-heading .tag").inner_text().strip()


def start(web, language: str):
    web.start()
    web.login("agent")
    web.select_role()
    if language != "fr":
        web.switch_language(language)


def open_dossier(web, number: str):
    web.click_link("Dossiers du C.P.A.S.")
    web.page.wait_for_url(re.compile(r"/dossiers/$"))
    web.page.get_by_role("link", name=number, exact=True).click()
    web.page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    web.check("page-principale-du-dossier")


def prepare_form_b(web):
    page = web.page
    panel = page.locator("#formulaires")
    panel.get_by_role("button", name=web.t("Préparer le formulaire B")).click()
    page.wait_for_url(re.compile(r"/formulaires/\d+/$"))
    web.check("formulaire-b-brouillon")
    assert state_of(web) == web.t("Brouillon")


def send(web, step: str):
    web.click_button("Envoyer au SPP IS")
    web.page.wait_for_url(re.compile(r"/formulaires/\d+/$"))
    web.check(step)


def set_piis_code(web, code: int):
    web.field("Code PIIS").fill(str(code))
    web.click_button("Enregistrer", exact=True)
    web.page.wait_for_url(re.compile(r"/formulaires/\d+/$"))
    assert web.t("Formulaire enregistré.") in text(web)
    assert value_of(web, "Code PIIS :") == str(code)


# (a) ---------------------------------------------------------------------------------------


@pytest.fixture
def accepted_case(world):
    decision = world["grant"]("Lambert")
    return {
        "dossier": decision.dossier.number,
        "annual": decision.annual_amount,
        "subsidised": percent_of(decision.annual_amount, BASE_RATE),
    }


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_a_decision_s_form_b_is_sent_and_accepted_with_the_subsidy(accepted_case, web, language):
    start(web, language)
    open_dossier(web, accepted_case["dossier"])
    prepare_form_b(web)
    # « Copie automatique »: the rubriques come from the decision.
    assert value_of(web, "Montant demandé annuel du RIS :") == format_euros(accepted_case["annual"])
    assert value_of(web, "Statut de l'avis :") == web.t("0 – nouvel avis")
    send(web, "formulaire-b-accepte")
    assert state_of(web) == web.t("Accepté")
    assert value_of(web, "Taux de subvention :") == f"{BASE_RATE} %"
    assert value_of(web, "Montant subventionné (annuel) :") == format_euros(
        accepted_case["subsidised"]
    )
    assert value_of(web, "Subvention PIIS :") == format_euros(Decimal("0"))
    assert value_of(web, "Jours non remboursés (envoi tardif) :") == "0"
    # Back on the dossier: the form and its answer.
    web.click_link("Page principale du dossier")
    web.page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    assert web.t("Accepté") in web.page.locator("#formulaires").inner_text()
    assert web.errors == []


# (b) ---------------------------------------------------------------------------------------


@pytest.fixture
def refused_case(world):
    decision = world["grant"]("Leroy")
    return {
        "dossier": decision.dossier.number,
        "subsidised": percent_of(decision.annual_amount, BASE_RATE),
        "piis": percent_of(decision.annual_amount, PIIS_PERCENT),
    }


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_a_refused_form_b_is_corrected_with_statut_1_and_accepted(refused_case, web, language):
    start(web, language)
    page = web.page
    open_dossier(web, refused_case["dossier"])
    prepare_form_b(web)
    set_piis_code(web, 3)  # codes 1 to 7 are valid only until 31/10/2016
    send(web, "formulaire-b-refuse")
    assert state_of(web) == web.t("Refusé")
    errors = page.locator("table", has=page.locator("caption", has_text=web.t("Codes d'erreur")))
    row = errors.locator("tbody tr").filter(has_text="B-PIIS-01")
    assert row.count() == 1
    assert "31/10/2016" in row.inner_text()  # its explanation: what to correct
    refused = page.locator("h1 .muted").inner_text().strip()

    web.click_button("Corriger (statut de l'avis 1)")
    page.wait_for_url(re.compile(r"/formulaires/\d+/$"))
    web.check("correction-brouillon")
    correction = page.locator("h1 .muted").inner_text().strip()
    assert correction != refused
    assert refused in text(web)  # « Correction de B-… (statut de l'avis 1) »
    assert value_of(web, "Statut de l'avis :") == web.t("1 – correction")
    assert web.field("Code PIIS").input_value() == "3"
    set_piis_code(web, 11)
    send(web, "correction-acceptee")
    assert state_of(web) == web.t("Accepté")
    assert value_of(web, "Montant subventionné (annuel) :") == format_euros(
        refused_case["subsidised"]
    )
    assert value_of(web, "Subvention PIIS :") == format_euros(refused_case["piis"])

    # The refused form is now replaced by its correction.
    page.locator(".message--info").get_by_role("link", name=refused).click()
    page.wait_for_url(re.compile(r"/formulaires/\d+/$"))
    web.check("formulaire-remplace")
    assert state_of(web) == web.t("Remplacé")
    assert page.get_by_role("link", name=re.compile(re.escape(correction))).count() >= 1
    assert web.errors == []


# (c) ---------------------------------------------------------------------------------------


@pytest.fixture
def late_case(world):
    session = world["today"] - relativedelta(months=3)
    decision = world["grant"]("Mertens", session_date=session)
    return {
        "dossier": decision.dossier.number,
        "days_lost": days_lost(decision_date=session, sent_on=world["today"]),
    }


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_a_late_form_b_is_accepted_with_the_days_lost(late_case, web, language):
    assert late_case["days_lost"] > 0
    start(web, language)
    open_dossier(web, late_case["dossier"])
    prepare_form_b(web)
    send(web, "formulaire-b-tardif-accepte")
    assert state_of(web) == web.t("Accepté")
    warning = web.page.locator(".message--warning").filter(has_text="B-TARD-01")
    assert warning.count() == 1
    assert value_of(web, "Jours non remboursés (envoi tardif) :") == str(late_case["days_lost"])
    assert web.errors == []


# (d) ---------------------------------------------------------------------------------------


@pytest.fixture
def lists_case(world):
    """A late decision not yet reported, and a B refused by the SPP IS (PIIS code 3)."""
    late_session = world["today"] - relativedelta(months=3)
    late = world["grant"]("Peeters", session_date=late_session)
    refused = world["grant"]("Janssens")
    (form,) = forms_prepare(decision=refused)
    form_update(form=form, piis_code=3)
    form_send(form=form, user=world["user"])
    form.refresh_from_db()
    return {
        "late": late.dossier.number,
        "days_lost": days_lost(decision_date=late_session, sent_on=world["today"]),
        "days_late": (world["today"] - due_date(late_session)).days,
        "refused": refused.dossier.number,
        "reference": form.reference,
    }


def from_the_home_menu(web, label: str, step: str):
    web.click_link("Accueil")
    web.page.wait_for_url(web.url("/"))
    web.page.locator("main").get_by_role("link", name=web.t(label), exact=True).click()
    web.page.wait_for_load_state()
    web.check(step)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_the_four_menu_pages_of_the_forms(lists_case, web, language):
    start(web, language)
    page = web.page

    from_the_home_menu(
        web,
        "Chercher les dossiers pour lesquels il reste des formulaires à envoyer",
        "formulaires-a-envoyer",
    )
    assert web.path().startswith("/formulaires/a-envoyer/")
    late = page.locator("table.work-list tbody tr").filter(has_text=lists_case["late"])
    assert late.count() == 1
    assert "is-overdue" in late.get_attribute("class")  # shown in red, and said in words
    row = late.inner_text()
    assert (
        ngettext(
            web,
            "En retard de %(counter)s jour",
            "En retard de %(counter)s jours",
            lists_case["days_late"],
        )
        in row
    )
    assert (
        ngettext(
            web,
            "%(counter)s jour perdu s'il est envoyé aujourd'hui",
            "%(counter)s jours perdus s'il est envoyé aujourd'hui",
            lists_case["days_lost"],
        )
        in row
    )

    from_the_home_menu(web, "Lister les formulaires", "lister-les-formulaires")
    assert web.path().startswith("/formulaires/")
    listed = page.locator("table.work-list tbody tr").filter(has_text=lists_case["reference"])
    assert listed.count() == 1
    assert web.t("Refusé") in listed.inner_text()
    assert page.get_by_role("link", name=web.t("Exporter la liste filtrée (CSV)")).count() == 1

    from_the_home_menu(web, "Blocages des formulaires", "blocages-des-formulaires")
    assert web.path().startswith("/formulaires/blocages/")
    blocked = page.locator("section.blocked-form").filter(has_text=lists_case["reference"])
    assert blocked.count() == 1
    assert "B-PIIS-01" in blocked.inner_text()
    assert "31/10/2016" in blocked.inner_text()  # the explanation
    assert web.t("Que faire ?") in blocked.inner_text()

    from_the_home_menu(web, "Échéancier", "echeancier")
    assert web.path().startswith("/echeancier/")
    rows = page.locator("table.work-list tbody tr")
    assert "is-overdue" in (rows.first.get_attribute("class") or "")  # overdue first
    assert rows.filter(has_text=lists_case["late"]).count() >= 1
    assert rows.filter(has_text=lists_case["refused"]).count() >= 1
    assert web.errors == []
