"""« Proposition au Conseil » (decisions:proposal_create), posted from the calculation's page:
calculated again on the facts of the moment, kept with its snapshots."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions.models import Organ, Proposal, ProposalType
from dossiers.models import Dossier, DossierStatus
from instruction.models import Resource
from instruction.services import resource_add
from integration_income.choices import ResourceType

pytestmark = pytest.mark.django_db

VALID = {
    "day": "01/02/2025",
    "category": "1",
    "category_reason": "",
    "type": "octroi",
    "session_date": "20/02/2025",
    "organ": "conseil",
    "motivation": "Cohabite avec ses parents ; 300 € par mois de leur part.",
}


def url(dis_request) -> str:
    return reverse("decisions:proposal_create", args=[dis_request.pk])


def test_the_calculation_page_offers_the_proposal_with_its_options_carried(
    agent_client, dis_request
):
    body = agent_client.get(
        reverse("decisions:calculation", args=[dis_request.pk]),
        {"day": "03/02/2025", "category": "1", "count_adult_relatives": "on"},
    ).content.decode()
    assert f'action="{url(dis_request)}"' in body
    assert '<input type="hidden" name="day" value="03/02/2025"' in body
    assert '<input type="hidden" name="count_adult_relatives" value="on"' in body
    assert '<option value="octroi" selected>' in body


def test_an_agent_proposes_a_grant_and_lands_on_the_session(agent_client, dis_request, camille):
    response = agent_client.post(url(dis_request), VALID, follow=True)
    proposal = Proposal.objects.get()
    assert response.redirect_chain[-1][0] == (
        reverse("decisions:session") + "?session_date=20%2F02%2F2025&organ=conseil"
    )
    body = response.content.decode()
    assert "Proposition inscrite à la séance du 20/02/2025 (Conseil de l&#x27;action sociale)." in (
        body
    )
    assert dis_request.dossier.number in body and "589,05\u00a0€" in body
    assert (proposal.cpas, proposal.request, proposal.created_by.username) == (
        dis_request.cpas,
        dis_request,
        "agent",
    )
    assert (proposal.type, proposal.category, proposal.organ) == (
        ProposalType.GRANT,
        1,
        Organ.COUNCIL,
    )
    assert (proposal.right_from, proposal.session_date) == (date(2025, 2, 1), date(2025, 2, 20))
    assert (proposal.annual_amount, proposal.monthly_amount, proposal.first_month_amount) == (
        Decimal("7068.60"),
        Decimal("589.05"),
        Decimal("589.05"),
    )
    assert proposal.calculation["annual"] == "7068.60"
    assert proposal.calculation["amounts_from"] == "2025-02-01"
    assert {"label": "Ressources annuelles comptées", "amount": "3445.00"} in (
        proposal.calculation["lines"]
    )
    assert [m["name"] for m in proposal.facts["members"]] == ["Dubois Marc", "Dubois Anne"]
    assert proposal.facts["resources"][0]["monthly_net"] == "300.00"
    assert not proposal.count_adult_relatives and proposal.category_override_reason == ""


def test_a_proposal_keeps_its_snapshot_when_the_enquiry_changes(agent_client, dis_request):
    agent_client.post(url(dis_request), VALID)
    proposal = Proposal.objects.get()
    resource_add(
        enquiry=dis_request.enquiry,
        member=None,
        type=ResourceType.UNEMPLOYMENT,
        monthly_net=Decimal("400.00"),
        starts_on=None,
        ends_on=None,
    )
    dis_request.enquiry.members.filter(first_names="Anne").delete()
    Resource.objects.filter(type=ResourceType.OTHER).update(monthly_net=Decimal("350.00"))
    proposal.refresh_from_db()
    assert proposal.monthly_amount == Decimal("589.05")
    assert len(proposal.facts["members"]) == 2
    assert [r["monthly_net"] for r in proposal.facts["resources"]] == ["300.00"]
    assert proposal.calculation["monthly"] == "589.05"
    # The decision page shows the proposal as it was, not the enquiry of today.
    body = agent_client.get(proposal.get_absolute_url()).content.decode()
    assert "Dubois Anne" in body and "589,05\u00a0€" in body


def test_the_category_chosen_against_the_household_keeps_its_reason(agent_client, dis_request):
    reason = "Ses parents ne partagent pas les frais du ménage."
    agent_client.post(url(dis_request), {**VALID, "category": "2", "category_reason": reason})
    proposal = Proposal.objects.get()
    assert (proposal.category, proposal.category_override_reason) == (2, reason)
    assert proposal.annual_amount == Decimal("12420.41")  # 15.770,41 − (3.600,00 − 250,00)


def future(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"session_date": "30/02/2025"}, "Saisissez une date valide."),
        ({"session_date": "01/01/1850"}, "L&#x27;année doit être comprise entre 1900 et 2100."),
        (
            {"session_date": "31/01/2025"},
            "La séance ne peut pas précéder la réception de la demande (01/02/2025).",
        ),
        ({"session_date": ""}, "Ce champ est obligatoire."),
        ({"motivation": "  "}, "Ce champ est obligatoire."),
        ({"organ": "college"}, "Sélectionnez un choix valide."),
        (
            {"category": "3", "category_reason": "Famille"},
            "La catégorie 3 (famille à charge) demande au moins un enfant mineur non marié",
        ),
        ({"category": "2"}, "expliquez par écrit pourquoi une autre catégorie est choisie."),
        ({"day": "01/01/2019"}, "Le droit ne peut pas commencer avant la réception de la demande"),
    ],
)
def test_a_bad_proposal_gets_its_message_and_nothing_is_saved(
    agent_client, dis_request, changes, message
):
    response = agent_client.post(url(dis_request), {**VALID, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_session_more_than_a_year_ahead_is_a_typing_mistake(agent_client, dis_request):
    response = agent_client.post(url(dis_request), {**VALID, "session_date": future(400)})
    assert "La séance est trop éloignée : au plus un an à partir d&#x27;aujourd&#x27;hui." in (
        response.content.decode()
    )
    response = agent_client.post(url(dis_request), {**VALID, "session_date": future(30)})
    assert response.status_code == 302
    assert Proposal.objects.count() == 1


def test_a_grant_is_refused_when_the_calculation_gives_no_right(agent_client, dis_request):
    resource_add(
        enquiry=dis_request.enquiry,
        member=None,
        type=ResourceType.UNEMPLOYMENT,
        monthly_net=Decimal("1200.00"),
        starts_on=None,
        ends_on=None,
    )
    response = agent_client.post(url(dis_request), VALID)
    assert response.status_code == 400
    assert (
        "Le calcul ne donne aucun droit au revenu d&#x27;intégration : proposez un refus."
        in response.content.decode()
    )
    assert not Proposal.objects.exists()
    agent_client.post(url(dis_request), {**VALID, "type": "refus"})
    refusal = Proposal.objects.get()
    assert (refusal.type, refusal.monthly_amount, refusal.calculation["has_right"]) == (
        ProposalType.REFUSAL,
        Decimal("0.00"),
        False,
    )


def test_a_closed_dossier_takes_no_proposal(agent_client, dis_request):
    Dossier.objects.filter(pk=dis_request.dossier_id).update(status=DossierStatus.CLOSED)
    response = agent_client.post(url(dis_request), VALID, follow=True)
    assert "Ce dossier est clôturé : aucune proposition n&#x27;est possible." in (
        response.content.decode()
    )
    assert not Proposal.objects.exists()


def test_an_outsider_cannot_propose_on_another_cpas_request(outsider_client, dis_request):
    assert outsider_client.post(url(dis_request), VALID).status_code == 404
    assert outsider_client.get(url(dis_request)).status_code in {404, 405}
    assert not Proposal.objects.exists()


def test_the_proposal_is_post_only(agent_client, dis_request):
    assert agent_client.get(url(dis_request)).status_code == 405
