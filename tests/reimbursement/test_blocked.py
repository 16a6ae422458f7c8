"""« Blocages des formulaires »: the forms the SPP IS blocked or refused, with the codes, titles
and explanations as its answer gave them, and what the agent does next."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import DecisionType
from reimbursement.models import FormState
from reimbursement.services import form_correct, form_send, form_update, forms_prepare
from sppis_simulator.models import ManualBlock
from tests.reimbursement.lists_world import decided, new_form

pytestmark = pytest.mark.django_db
URL = reverse("reimbursement_lists:blocked")
BLOCK = {
    "code": "B-BLOC-01",
    "title": "Bénéficiaire bloqué",
    "explanation": "Le SPP IS a bloqué ce bénéficiaire.",
    "blocking": True,
    "field": "form.niss",
    "detail": "Bloqué le 02/05/2026 : contrôle de l'inspection",
}
REFUSAL = {
    "code": "B-CAT-01",
    "title": "Catégorie inconnue",
    "explanation": "La catégorie doit être 1, 2 ou 3.",
    "blocking": True,
    "field": "form.category",
    "detail": "",
}


def page(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_blocked_form_shows_the_code_title_and_explanation_the_spp_is_gave(
    agent_client, agent_profile, grant
):
    """The whole chain: the SPP IS admin blocked Louise; her form B is answered « bloqué »."""
    ManualBlock.objects.create(niss=grant.dossier.niss, reason="Contrôle de l'inspection")
    (form,) = forms_prepare(decision=grant)
    form_send(form=form, user=agent_profile.user)
    form.refresh_from_db()
    assert form.state == FormState.BLOCKED
    (error,) = form.errors
    content = page(agent_client)
    assert "1 formulaire bloqué ou refusé" in content
    assert form.reference in content and "Bloqué" in content
    assert grant.dossier.number in content and "Delacroix" in content
    assert error["code"] == "B-BLOC-01"
    for text in (error["title"], error["explanation"], error["detail"], error["field"]):
        assert text in content
    assert "Contrôle de l'inspection" in content
    assert "Le SPP IS a bloqué ce bénéficiaire : rien n'est remboursé" in content


def test_a_refused_form_says_to_correct_it_then_shows_its_correction(
    agent_client, agent_profile, grant
):
    (form,) = forms_prepare(decision=grant)
    form_update(form=form, piis_code=3)  # valid only until 31/10/2016
    form_send(form=form, user=agent_profile.user)
    form.refresh_from_db()
    assert form.state == FormState.REFUSED
    content = page(agent_client)
    assert "B-PIIS-01" in content and form.errors[0]["explanation"] in content
    assert "Corrigez les rubriques signalées par une correction" in content
    link = reverse("reimbursement:form", args=[form.pk])
    assert f'<a href="{link}">Ouvrir le formulaire pour le corriger</a>' in content
    correction = form_correct(form=form)
    content = page(agent_client)
    assert f"Correction {correction.reference} : Brouillon." in content
    assert reverse("reimbursement:form", args=[correction.pk]) in content


@pytest.fixture
def forms(agent_profile):
    """A blocked B, a refused B, a refused C; an accepted, a sent and a draft B."""
    made = {}
    for name, state, errors, kind in [
        ("blocked", FormState.BLOCKED, [BLOCK], DecisionType.GRANT),
        ("refused", FormState.REFUSED, [REFUSAL], DecisionType.GRANT),
        ("refused_c", FormState.REFUSED, [REFUSAL], DecisionType.REFUSAL),
        ("accepted", FormState.ACCEPTED, [], DecisionType.GRANT),
        ("sent", FormState.SENT, [], DecisionType.GRANT),
        ("draft", FormState.DRAFT, [], DecisionType.GRANT),
    ]:
        decision = decided(
            agent_profile,
            name.capitalize().replace("_", ""),
            received_on=date(2026, 3, 1),
            session_date=date(2026, 3, 20),
            type=kind,
        )
        made[name] = new_form(decision, state=state, errors=errors)
    return made


def test_only_the_blocked_and_refused_forms_are_listed(agent_client, forms):
    content = page(agent_client)
    assert "3 formulaires bloqués ou refusés" in content
    for name in ("blocked", "refused", "refused_c"):
        assert forms[name].reference in content
    for name in ("accepted", "sent", "draft"):
        assert forms[name].reference not in content
    assert "Catégorie inconnue" in content and "La catégorie doit être 1, 2 ou 3." in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?state=bloque", ["blocked"]),
        ("?state=refuse", ["refused", "refused_c"]),
        ("?type=C", ["refused_c"]),
        ("?state=refuse&type=B", ["refused"]),
    ],
)
def test_each_filter_keeps_the_forms_it_names(agent_client, forms, query, expected):
    content = page(agent_client, query)
    for name in ("blocked", "refused", "refused_c"):
        assert (forms[name].reference in content) == (name in expected), name


def test_nothing_blocked_nothing_matching_and_a_bad_filter_are_three_messages(
    agent_client, agent_profile
):
    assert "Aucun formulaire de votre CPAS n'est bloqué ni refusé par le SPP IS." in page(
        agent_client
    )
    decision = decided(
        agent_profile, "Ablay", received_on=date(2026, 3, 1), session_date=date(2026, 3, 20)
    )
    new_form(decision, state=FormState.REFUSED, errors=[REFUSAL])
    assert "Aucun formulaire bloqué ou refusé ne correspond à ces filtres." in page(
        agent_client, "?state=bloque"
    )
    bad = page(agent_client, "?state=accepte")
    assert "Choisissez un état de la liste." in bad
    assert "Les filtres ne sont pas valides" in bad and "Ablay" not in bad


def test_an_outsider_sees_none_of_the_other_cpas_blocked_forms(outsider_client, forms):
    content = page(outsider_client)
    assert "Aucun formulaire de votre CPAS n'est bloqué ni refusé" in content
    for form in forms.values():
        assert form.reference not in content
        assert form.dossier.number not in content


def count_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + query).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(agent_client, agent_profile):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            decision = decided(
                agent_profile,
                f"Nom{n:02d}",
                received_on=date(2026, 3, 1),
                session_date=date(2026, 3, 20),
            )
            form = new_form(decision, state=FormState.REFUSED, errors=[REFUSAL])
            if n % 2:
                form_correct(form=form)

    add(2, 0)
    agent_client.get(URL)  # the session's idle expiry is renewed on the first page
    few = count_queries(agent_client), count_queries(agent_client, "?state=refuse&type=B")
    add(18, 2)
    assert "20 formulaires bloqués ou refusés" in page(agent_client)
    assert (count_queries(agent_client), count_queries(agent_client, "?state=refuse&type=B")) == few


def test_the_menu_item_leads_to_the_list(agent_client):
    content = agent_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in content
    assert "Blocages des formulaires" in content
