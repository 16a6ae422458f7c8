"""The decisions' section of the dossier's main page: the current decision and the deadlines
still to meet, the overdue ones said in words."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import DecisionType, NotificationMode
from decisions.services import notification_record
from instruction.services import request_create
from tests.decisions.builders import make_proposal, record

pytestmark = pytest.mark.django_db


def section(client, dossier) -> str:
    """The words of the « Décisions » section of the dossier's page."""
    body = html.unescape(client.get(dossier.get_absolute_url()).content.decode())
    start = body.index('<section class="panel" id="decisions">')
    part = body[start : body.index("</section>", start)]
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", part))


def test_a_request_without_a_decision_shows_its_overdue_deadline_in_words(
    agent_client, dossier, dis_request
):
    text = section(agent_client, dossier)
    assert "Aucune décision pour ce dossier." in text
    late = (timezone.localdate() - date(2025, 3, 3)).days
    assert (
        f"Décision sur la demande 2025/0001 : au plus tard le 03/03/2025 En retard de {late} jours"
        in text
    )
    body = agent_client.get(dossier.get_absolute_url()).content.decode()
    assert reverse("decisions:calculation", args=[dis_request.pk]) in body
    assert reverse("decisions:session") in body


def test_a_deadline_still_to_come_is_not_flagged(agent_client, agent_profile, dossier):
    today = timezone.localdate()
    fresh = request_create(
        dossier=dossier,
        received_on=today,
        mode="ecrite",
        object="ri",
        created_by=agent_profile.user,
    )
    text = section(agent_client, dossier)
    due = (today + timedelta(days=30)).strftime("%d/%m/%Y")
    assert f"Décision sur la demande {fresh.register_number} : au plus tard le {due}" in text
    assert "En retard" not in text


def test_a_pending_proposal_leads_to_its_decision(agent_client, dossier, proposal):
    text = section(agent_client, dossier)
    assert "Décision sur la demande 2025/0001 (proposée à la séance du 20/02/2025)" in text
    body = agent_client.get(dossier.get_absolute_url()).content.decode()
    assert reverse("decisions:decide", args=[proposal.pk]) in body


def test_the_current_decision_and_its_notification_deadline(agent_client, dossier, decision):
    text = section(agent_client, dossier)
    assert "Décision en cours" in text
    assert "Décision : Octroi — 20/02/2025, Conseil de l'action sociale" in text
    assert "Période : à partir du 01/02/2025" in text
    assert "Montant mensuel : 589,05\u00a0€" in text
    assert "Notification : non notifiée" in text
    assert (
        "Notification de la décision du 20/02/2025 : au plus tard le 28/02/2025 En retard" in text
    )
    assert "Décision sur la demande" not in text  # the request has its decision


def test_a_notified_revision_becomes_the_current_decision(
    agent_client, agent_profile, dossier, dis_request, decision, tribunal
):
    revision = record(
        make_proposal(dis_request, agent_profile.user, session_date=date(2025, 3, 20)),
        agent_profile.user,
        type=DecisionType.REVISION,
        session_date=date(2025, 3, 20),
        starts_on=date(2025, 4, 1),
        ends_on=date(2025, 12, 31),
        revises=decision,
    )
    for item, day in ((decision, date(2025, 2, 25)), (revision, date(2025, 3, 24))):
        notification_record(
            decision=item,
            tribunal=tribunal,
            notified_on=day,
            mode=NotificationMode.REGISTERED,
            recorded_by=agent_profile.user,
        )
    text = section(agent_client, dossier)
    assert "Décision : Révision — 20/03/2025" in text
    assert "Période : du 01/04/2025 au 31/12/2025" in text
    assert "Notification : notifiée le 24/03/2025" in text
    assert "Toutes les décisions" in text and "Octroi" in text
    assert "Aucune échéance en cours." in text


def test_an_outsider_never_sees_the_section_of_another_cpas(outsider_client, dossier, decision):
    assert outsider_client.get(dossier.get_absolute_url()).status_code == 404
