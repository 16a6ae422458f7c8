"""« Notification de la décision » (decisions:notification): the printable letter with the
mentions the law requires, and the date and mode of the notification, recorded once."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessAction, AccessLogEntry
from decisions.models import DecisionType, Notification, NotificationMode, RecordedDecisionError
from dossiers.models import DossierStage
from instruction.services import request_create
from tests.decisions.builders import make_proposal, record

pytestmark = pytest.mark.django_db

VALID = {"notified_on": "25/02/2025", "mode": "recommande"}


def url(decision) -> str:
    return reverse("decisions:notification", args=[decision.pk])


def text(response) -> str:
    body = html.unescape(response.content.decode())
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", body))


def test_the_letter_carries_every_mention_the_law_requires(
    agent_client, agent_profile, decision, dis_request, tribunal, camille
):
    response = agent_client.get(url(decision))
    page = text(response)
    assert "Notification de la décision" in page
    assert "En sa séance du 20/02/2025, le Conseil de l'action sociale a pris la décision " in page
    assert "suivante : Octroi." in page
    assert "Le revenu d'intégration vous est accordé au taux de la Catégorie 1 : cohabitant, " in (
        page
    )
    assert "à partir du 01/02/2025." in page and "Il est payé chaque mois." in page
    assert "Montant annuel : 7.068,60\u00a0€" in page
    assert "Montant mensuel : 589,05\u00a0€" in page
    assert "En droit : Loi du 26 mai 2002, art. 14 §1er, 1°." in page
    assert "En fait : Cohabite avec ses parents." in page
    assert "Ressources annuelles comptées 3.445,00\u00a0€" in page
    assert "sera conclu avec vous dans les trois mois" in page  # PIIS obligatoire
    assert (
        "Vous pouvez introduire un recours contre cette décision dans les trois mois de sa "
        "notification auprès du Tribunal du travail de Liège, division Liège, Place "
        "Saint-Lambert 30, 4000 Liège, Belgique," in page
    )
    assert "Le recours n'est pas suspensif" in page
    assert f"N° de dossier : {dis_request.dossier.number}" in page
    assert "N° au registre des demandes : 2025/0001" in page
    assert f"Travailleur social : {agent_profile.user.get_full_name()}" in page
    assert "À notifier au plus tard le 28/02/2025 (8 jours après la séance)." in page
    body = response.content.decode()
    assert 'class="letter notification-letter"' in body
    assert 'href="/static/css/print.css" media="print"' in body
    entry = AccessLogEntry.objects.filter(action=AccessAction.INSTRUCTION).get()
    assert entry.niss == camille.niss


def test_recording_the_notification_decides_the_dossier_and_dates_the_letter(
    agent_client, decision, dis_request, tribunal
):
    response = agent_client.post(url(decision), VALID, follow=True)
    notification = Notification.objects.get()
    assert (notification.decision, notification.cpas) == (decision, decision.cpas)
    assert (notification.notified_on, notification.mode) == (
        date(2025, 2, 25),
        NotificationMode.REGISTERED,
    )
    assert notification.tribunal_name == "Tribunal du travail de Liège, division Liège"
    assert notification.tribunal_address == "Place Saint-Lambert 30, 4000 Liège, Belgique"
    assert notification.recorded_by.username == "agent"
    page = text(response)
    assert "Notification de la décision enregistrée." in page
    assert "Notifiée le 25/02/2025 (Lettre recommandée)." in page
    assert "Testville, le 25/02/2025" in page  # the CPAS's locality
    assert "Enregistrer la notification" not in page
    dis_request.dossier.refresh_from_db()
    assert dis_request.dossier.stage == DossierStage.DECIDED
    # The letter keeps the tribunal it was printed with.
    tribunal.name = "Tribunal du travail de Liège (nouveau nom)"
    tribunal.save()
    assert "division Liège, Place Saint-Lambert 30" in text(agent_client.get(url(decision)))


def test_a_second_notification_is_refused_with_its_date(agent_client, decision, tribunal):
    agent_client.post(url(decision), VALID)
    response = agent_client.post(url(decision), {**VALID, "notified_on": "26/02/2025"}, follow=True)
    assert "Cette décision a déjà été notifiée le 25/02/2025." in text(response)
    assert Notification.objects.get().notified_on == date(2025, 2, 25)
    with pytest.raises(RecordedDecisionError):
        Notification.objects.get().save()


def future(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"notified_on": "19/02/2025"},
            "La notification ne peut pas précéder la séance du 20/02/2025.",
        ),
        ({"notified_on": future(1)}, "La date de notification ne peut pas être dans le futur."),
        ({"notified_on": "31/02/2025"}, "Saisissez une date valide."),
        ({"notified_on": "01/01/2150"}, "L'année doit être comprise entre 1900 et 2100."),
        ({"notified_on": ""}, "Ce champ est obligatoire."),
        ({"mode": "courriel"}, "Sélectionnez un choix valide."),
    ],
)
def test_a_bad_notification_gets_its_message_and_nothing_is_saved(
    agent_client, decision, dis_request, tribunal, changes, message
):
    response = agent_client.post(url(decision), {**VALID, **changes})
    assert response.status_code == 400
    assert message in text(response)
    assert not Notification.objects.exists()
    dis_request.dossier.refresh_from_db()
    assert dis_request.dossier.stage == DossierStage.TO_NOTIFY


def test_without_a_labour_tribunal_the_letter_is_not_printed_nor_notified(agent_client, decision):
    response = agent_client.get(url(decision))
    message = "Aucun tribunal du travail n'est encodé pour ce CPAS"
    assert message in text(response)
    assert 'class="letter notification-letter no-print"' in response.content.decode()
    refused = agent_client.post(url(decision), VALID)
    assert refused.status_code == 400 and message in text(refused)
    assert not Notification.objects.exists()


def test_the_dossier_stays_to_notify_or_in_instruction_while_something_is_left(
    agent_client, agent_profile, dossier, dis_request, decision, tribunal
):
    second = record(
        make_proposal(dis_request, agent_profile.user, session_date=date(2025, 3, 20)),
        agent_profile.user,
        type=DecisionType.REVISION,
        session_date=date(2025, 3, 20),
        revises=decision,
    )
    agent_client.post(url(decision), VALID)
    dossier.refresh_from_db()
    assert dossier.stage == DossierStage.TO_NOTIFY
    request_create(
        dossier=dossier,
        received_on=date(2025, 3, 25),
        mode="ecrite",
        object="aide_sociale",
        created_by=agent_profile.user,
    )
    agent_client.post(url(second), {**VALID, "notified_on": "26/03/2025"})
    dossier.refresh_from_db()
    assert dossier.stage == DossierStage.INSTRUCTION


def test_a_refusal_s_letter_says_so_without_amounts(
    agent_client, agent_profile, proposal, tribunal
):
    refusal = record(
        proposal,
        agent_profile.user,
        type=DecisionType.REFUSAL,
        category=None,
        piis="",
        legal_motivation="Loi du 26 mai 2002, art. 16.",
    )
    page = text(agent_client.get(url(refusal)))
    assert "Le revenu d'intégration vous est refusé à partir du 01/02/2025." in page
    assert "Montant mensuel" not in page
    assert "Le recours n'est pas suspensif" in page


def test_an_outsider_gets_a_404_and_notifies_nothing(outsider_client, decision, tribunal):
    assert outsider_client.get(url(decision)).status_code == 404
    assert outsider_client.post(url(decision), VALID).status_code == 404
    assert not Notification.objects.exists()
