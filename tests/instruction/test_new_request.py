from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dossiers.models import DossierStatus
from instruction.models import DisRequest

pytestmark = pytest.mark.django_db


def url(dossier):
    return reverse("instruction:new_request", args=[dossier.pk])


VALID = {"received_on": "02/03/2026", "mode": "ecrite", "object": "ri"}


def test_the_dossier_page_offers_a_new_request(agent_client, dossier):
    body = agent_client.get(dossier.get_absolute_url()).content.decode()
    assert "Aucune demande pour ce dossier." in body
    assert url(dossier) in body


def test_an_agent_registers_a_request_and_reads_its_number(agent_client, dossier):
    response = agent_client.post(url(dossier), VALID, follow=True)
    dis_request = DisRequest.objects.get()
    assert response.redirect_chain[-1][0] == dis_request.get_absolute_url()
    body = response.content.decode()
    assert "Demande 2026/0001 inscrite au registre des demandes." in body
    assert "01/04/2026" in body  # the decision is due 30 days after 02/03/2026
    page = agent_client.get(dossier.get_absolute_url()).content.decode()
    assert "2026/0001" in page and "En instruction" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_on", "31/02/2026", "Saisissez une date valide."),
        ("received_on", "01/01/1850", "L&#x27;année doit être comprise entre 1900 et 2100."),
        ("received_on", "", "Ce champ est obligatoire."),
        ("mode", "fax", "Sélectionnez un choix valide."),
        ("mode", "cpas_online", "Ce dossier n&#x27;a pas été créé à partir d&#x27;une demande"),
    ],
)
def test_a_bad_request_is_refused_on_its_field_and_nothing_is_saved(
    agent_client, dossier, field, value, message
):
    response = agent_client.post(url(dossier), {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not DisRequest.objects.exists()


def test_a_reception_date_in_the_future_is_refused(agent_client, dossier):
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = agent_client.post(url(dossier), {**VALID, "received_on": tomorrow})
    assert "La date de réception ne peut pas être dans le futur." in response.content.decode()
    assert not DisRequest.objects.exists()


def test_a_closed_dossier_takes_no_new_request(agent_client, dossier):
    type(dossier).objects.filter(pk=dossier.pk).update(status=DossierStatus.CLOSED)
    response = agent_client.post(url(dossier), VALID, follow=True)
    assert "Ce dossier est clôturé" in response.content.decode()
    assert not DisRequest.objects.exists()


def test_a_colleague_registers_a_request_in_the_same_dossier(colleague_client, dossier):
    assert colleague_client.post(url(dossier), VALID).status_code == 302
    assert DisRequest.objects.get().created_by.username == "colleague"


def test_an_outsider_cannot_register_a_request_in_another_cpas_dossier(outsider_client, dossier):
    assert outsider_client.get(url(dossier)).status_code == 404
    assert outsider_client.post(url(dossier), VALID).status_code == 404
    assert not DisRequest.objects.exists()


def test_the_dossier_page_says_a_decided_request_is_decided(agent_client, dis_request):
    from tests.reimbursement.conftest import decide

    page = agent_client.get(dis_request.dossier.get_absolute_url()).content.decode()
    assert "01/04/2026" in page  # the decision's deadline, while none is taken
    decide(dis_request, dis_request.created_by)
    page = agent_client.get(dis_request.dossier.get_absolute_url()).content.decode()
    assert "Décidée" in page
