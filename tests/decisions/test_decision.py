"""« Décision » (decisions:decide, decisions:decision): recorded once on a proposal, never
changed; a révision or a retrait points to the decision it changes."""

from __future__ import annotations

import html
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessAction, AccessLogEntry
from decisions import services
from decisions.models import Decision, DecisionType, Piis, RecordedDecisionError
from dossiers.models import DossierStage
from tests.conftest import login_with_profile
from tests.decisions.builders import make_proposal, record
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

VALID = {
    "type": "octroi",
    "session_date": "20/02/2025",
    "organ": "conseil",
    "starts_on": "01/02/2025",
    "ends_on": "",
    "category": "1",
    "annual_amount": "7.068,60",
    "monthly_amount": "589,05",
    "first_month_amount": "589,05",
    "amounts_adjustment_motivation": "",
    "legal_motivation": "Loi du 26 mai 2002, art. 3 et 14 §1er, 1°.",
    "factual_motivation": "Cohabite avec ses parents ; 300 € par mois de leur part.",
    "piis": "obligatoire",
    "revises": "",
}


def url(proposal) -> str:
    return reverse("decisions:decide", args=[proposal.pk])


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_form_starts_from_the_proposal(agent_client, proposal):
    body = text(agent_client.get(url(proposal)))
    assert "Décision du Conseil" in body and "Proposition au Conseil" in body
    for value in ('value="20/02/2025"', 'value="01/02/2025"', 'value="7.068,60"', 'value="589,05"'):
        assert value in body, value
    assert "Cohabite avec ses parents ; 300 € par mois de leur part." in body
    assert "Ressources annuelles comptées" in body and "3.445,00\u00a0€" in body
    assert "Dubois Marc" in body


def test_an_agent_records_the_decision_the_council_took(agent_client, proposal, dis_request):
    response = agent_client.post(url(proposal), VALID, follow=True)
    decision = Decision.objects.get()
    assert response.redirect_chain[-1][0] == decision.get_absolute_url()
    body = text(response)
    assert "Décision enregistrée : elle est à notifier." in body
    assert "à partir du 01/02/2025" in body and "589,05\u00a0€" in body
    assert "Non notifiée : à notifier au plus tard le 28/02/2025." in body
    assert (decision.cpas, decision.dossier, decision.request, decision.proposal) == (
        dis_request.cpas,
        dis_request.dossier,
        dis_request,
        proposal,
    )
    assert (decision.type, decision.category, decision.piis, decision.revises) == (
        DecisionType.GRANT,
        1,
        Piis.REQUIRED,
        None,
    )
    assert (decision.annual_amount, decision.monthly_amount) == (
        Decimal("7068.60"),
        Decimal("589.05"),
    )
    assert decision.calculation == proposal.calculation
    assert decision.recorded_by.username == "agent"
    dis_request.dossier.refresh_from_db()
    assert dis_request.dossier.stage == DossierStage.TO_NOTIFY


def test_the_decision_page_shows_it_and_logs_the_applicant(agent_client, decision, camille):
    body = text(agent_client.get(decision.get_absolute_url()))
    assert "Loi du 26 mai 2002, art. 14 §1er, 1°." in body
    assert "PIIS obligatoire" in body and "Catégorie 1 : cohabitant" in body
    assert "Revenu d'intégration mensuel" in body  # the calculation's lines, kept
    entry = AccessLogEntry.objects.filter(action=AccessAction.INSTRUCTION).get()
    assert (entry.niss, entry.dossier_number) == (camille.niss, decision.dossier.number)


def test_amounts_typed_the_belgian_way_differ_from_the_calculation_only_with_a_motivation(
    agent_client, proposal
):
    changed = {**VALID, "annual_amount": "7.200,00", "monthly_amount": "600,00"}
    refused = agent_client.post(url(proposal), changed)
    assert refused.status_code == 400
    assert (
        "Les montants diffèrent de ceux du calcul (7.068,60\u00a0€ par an, 589,05\u00a0€ par "
        "mois, 589,05\u00a0€ le premier mois) : motivez l'adaptation." in text(refused)
    )
    assert not Decision.objects.exists()
    agent_client.post(
        url(proposal), {**changed, "amounts_adjustment_motivation": "Arrondi décidé en séance."}
    )
    decision = Decision.objects.get()
    assert (decision.annual_amount, decision.monthly_amount) == (
        Decimal("7200.00"),
        Decimal("600.00"),
    )
    assert decision.amounts_adjustment_motivation == "Arrondi décidé en séance."


def future(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"ends_on": "31/01/2025"},
            "La date de fin de la période ne peut pas précéder la date de début.",
        ),
        ({"ends_on": "30/02/2025"}, "Saisissez une date valide."),
        ({"starts_on": "01/01/0001"}, "L'année doit être comprise entre 1900 et 2100."),
        ({"session_date": "20/02/2200"}, "L'année doit être comprise entre 1900 et 2100."),
        (
            {"session_date": future(1)},
            "La séance ne peut pas être dans le futur : la décision est encodée après la séance.",
        ),
        (
            {"session_date": "31/01/2025"},
            "La séance ne peut pas précéder la réception de la demande (01/02/2025).",
        ),
        (
            {"starts_on": "31/01/2025"},
            "L'octroi ne peut pas prendre cours avant la réception de la demande (01/02/2025).",
        ),
        ({"monthly_amount": "-589,05"}, "Le montant ne peut pas être négatif."),
        ({"annual_amount": "7,068.60"}, "Tapez le montant à la belge : 1.234,56"),
        ({"annual_amount": "1,234.56"}, "Tapez le montant à la belge : 1.234,56"),
        ({"first_month_amount": ""}, "Indiquez le montant accordé."),
        (
            {"category": "3"},
            "La catégorie 3 (famille à charge) demande au moins un enfant mineur non marié",
        ),
        ({"category": ""}, "Indiquez la catégorie du revenu d'intégration accordé."),
        ({"legal_motivation": ""}, "Ce champ est obligatoire."),
        ({"factual_motivation": " "}, "Ce champ est obligatoire."),
        (
            {"piis": ""},
            "Indiquez si un PIIS est obligatoire ou pour quelle raison il est dispensé.",
        ),
        ({"piis": "peut-etre"}, "Sélectionnez un choix valide."),
        (
            {"type": "revision"},
            "Une révision ou un retrait indique la décision antérieure qu'il modifie.",
        ),
        ({"type": "suspension"}, "Sélectionnez un choix valide."),
    ],
)
def test_a_bad_decision_gets_its_message_on_its_field_and_nothing_is_saved(
    agent_client, proposal, dis_request, changes, message
):
    response = agent_client.post(url(proposal), {**VALID, **changes})
    assert response.status_code == 400
    assert message in text(response)
    assert not Decision.objects.exists()
    dis_request.dossier.refresh_from_db()
    assert dis_request.dossier.stage == DossierStage.INSTRUCTION


def test_a_refusal_pays_nothing_whatever_the_amounts_typed(agent_client, proposal):
    agent_client.post(url(proposal), {**VALID, "type": "refus", "piis": ""})
    decision = Decision.objects.get()
    assert (decision.type, decision.category, decision.piis) == (DecisionType.REFUSAL, None, "")
    assert decision.annual_amount == decision.monthly_amount == Decimal("0.00")


def test_a_revision_points_to_the_decision_it_changes_which_stays_as_it_was(
    agent_client, agent_profile, dis_request, decision
):
    later = make_proposal(dis_request, agent_profile.user, session_date=date(2025, 3, 20))
    data = {
        **VALID,
        "type": "revision",
        "session_date": "20/03/2025",
        "starts_on": "01/04/2025",
        "revises": str(decision.pk),
    }
    agent_client.post(url(later), {**data, "revises": ""})
    assert Decision.objects.count() == 1
    response = agent_client.post(url(later), data, follow=True)
    revision = Decision.objects.exclude(pk=decision.pk).get()
    assert (revision.type, revision.revises) == (DecisionType.REVISION, decision)
    assert decision.get_absolute_url() in text(response)  # « Décision modifiée »
    original = agent_client.get(decision.get_absolute_url()).content.decode()
    assert revision.get_absolute_url() in original  # « Décisions qui la modifient »
    decision.refresh_from_db()
    assert (decision.type, decision.monthly_amount) == (DecisionType.GRANT, Decimal("589.05"))


def test_only_a_revision_or_a_withdrawal_changes_an_earlier_decision(
    agent_client, agent_profile, dis_request, decision
):
    later = make_proposal(dis_request, agent_profile.user, session_date=date(2025, 3, 20))
    response = agent_client.post(
        url(later), {**VALID, "session_date": "20/03/2025", "revises": str(decision.pk)}
    )
    assert "Seuls une révision ou un retrait modifient une décision antérieure." in text(response)
    assert Decision.objects.count() == 1


def test_a_decision_of_another_dossier_cannot_be_revised(
    agent_client, agent_profile, dis_request, decision
):
    from tests.decisions.test_session import another_request

    elsewhere = record(
        make_proposal(another_request(agent_profile, "Lambert"), agent_profile.user),
        agent_profile.user,
    )
    later = make_proposal(dis_request, agent_profile.user, session_date=date(2025, 3, 20))
    response = agent_client.post(
        url(later),
        {**VALID, "type": "retrait", "session_date": "20/03/2025", "revises": str(elsewhere.pk)},
    )
    assert "Cette décision n'est pas une décision de ce dossier." in text(response)
    assert Decision.objects.count() == 2
    with pytest.raises(ValueError, match="its own dossier"):
        record(later, agent_profile.user, type=DecisionType.WITHDRAWAL, revises=elsewhere)


def test_a_recorded_decision_never_changes(agent_client, proposal, decision):
    decision.monthly_amount = Decimal("1.00")
    with pytest.raises(RecordedDecisionError):
        decision.save()
    with pytest.raises(RecordedDecisionError):
        decision.delete()
    decision.refresh_from_db()
    assert decision.monthly_amount == Decimal("589.05")
    # No edit page: the proposal's form sends to the decision, a second post is refused.
    response = agent_client.get(url(proposal), follow=True)
    assert response.redirect_chain[-1][0] == decision.get_absolute_url()
    assert "La décision sur cette proposition est déjà enregistrée." in text(response)
    response = agent_client.post(url(proposal), {**VALID, "monthly_amount": "1,00"}, follow=True)
    assert "Une décision a déjà été enregistrée pour cette proposition" in text(response)
    assert Decision.objects.get().monthly_amount == Decimal("589.05")


def test_a_decision_committed_between_the_check_and_the_insert_gives_the_message(
    proposal, agent_profile, colleague_profile, monkeypatch
):
    """The race, made deterministic: the check sees nothing, the unique column then refuses."""
    first = record(proposal, colleague_profile.user)
    real = services.recorded_decision
    answers = iter([None])
    monkeypatch.setattr(services, "recorded_decision", lambda p: next(answers, None) or real(p))
    with pytest.raises(services.DecisionAlreadyRecorded) as refusal:
        record(proposal, agent_profile.user, monthly_amount=Decimal("1.00"))
    assert refusal.value.decision == first
    assert "la vôtre n'a pas été enregistrée" in refusal.value.message
    assert Decision.objects.get().recorded_by == colleague_profile.user


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_two_agents_recording_the_decision_at_once_record_one(cpas, dis_request, proposal):
    clients = [
        login_with_profile(Client(raise_request_exception=False), ProfileFactory(cpas=cpas))
        for _ in range(2)
    ]
    barrier = threading.Barrier(len(clients))
    outcomes: list = [None] * len(clients)

    def post(index, client):
        try:
            barrier.wait(timeout=20)
            outcomes[index] = client.post(url(proposal), VALID, follow=True)
        except Exception as error:  # reported by the assertions below
            outcomes[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=post, args=item) for item in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    decision = Decision.objects.get()
    pages = [text(o) for o in outcomes]
    assert sum("Décision enregistrée : elle est à notifier." in p for p in pages) == 1
    assert (
        sum("Une décision a déjà été enregistrée pour cette proposition" in p for p in pages) == 1
    )
    assert all(o.redirect_chain[-1][0] == decision.get_absolute_url() for o in outcomes)


def test_a_colleague_records_it_and_an_outsider_gets_404s_and_saves_nothing(
    colleague_client, outsider_client, proposal, dis_request
):
    assert outsider_client.get(url(proposal)).status_code == 404
    assert outsider_client.post(url(proposal), VALID).status_code == 404
    assert not Decision.objects.exists()
    colleague_client.post(url(proposal), VALID)
    decision = Decision.objects.get()
    assert decision.recorded_by.username == "colleague"
    assert outsider_client.get(decision.get_absolute_url()).status_code == 404
