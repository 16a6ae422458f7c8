"""The decisions' administration pages: superusers only; proposals, decisions and notifications
read-only; the labour tribunals edited there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from decisions.models import CpasTribunal, LabourTribunal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def test_decisions_and_proposals_are_shown_read_only(superuser_client, decision, tribunal):
    listing = superuser_client.get(reverse("admin:decisions_decision_changelist"))
    assert decision.dossier.number in listing.content.decode()
    page = superuser_client.get(reverse("admin:decisions_decision_change", args=[decision.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "Loi du 26 mai 2002" in body
    assert 'name="_save"' not in body  # nothing to save
    assert "Ressources annuelles comptées" in body  # the calculation kept, shown as JSON
    assert superuser_client.get(reverse("admin:decisions_decision_add")).status_code == 403
    proposal = superuser_client.get(
        reverse("admin:decisions_proposal_change", args=[decision.proposal.pk])
    )
    assert "Dubois Marc" in proposal.content.decode() and 'name="_save"' not in (
        proposal.content.decode()
    )
    delete = reverse("admin:decisions_decision_delete", args=[decision.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403


def test_an_operator_sets_the_tribunal_of_a_cpas(superuser_client, other_cpas):
    response = superuser_client.post(
        reverse("admin:decisions_labourtribunal_add"),
        {
            "name": "Tribunal du travail de Liège, division Liège",
            "street": "Place Saint-Lambert",
            "house_number": "30",
            "postal_code": "4000",
            "locality": "Liège",
            "country": "Belgique",
            "jurisdictions-TOTAL_FORMS": "1",
            "jurisdictions-INITIAL_FORMS": "0",
            "jurisdictions-0-cpas": str(other_cpas.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tribunal = LabourTribunal.objects.get()
    assert CpasTribunal.objects.get().cpas == other_cpas
    assert CpasTribunal.objects.get().tribunal == tribunal


def test_agents_do_not_enter_the_administration(agent_client, decision):
    response = agent_client.get(reverse("admin:decisions_decision_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
