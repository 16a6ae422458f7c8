from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accesslog.models import AccessAction, AccessLogEntry
from instruction.models import Charge, HomeVisit, Link, Resource

pytestmark = pytest.mark.django_db


def test_the_request_page_shows_the_enquiry_and_logs_the_household(agent_client, dis_request):
    body = agent_client.get(dis_request.get_absolute_url()).content.decode()
    assert "Demande n° 2026/0001" in body
    assert "Enquête sociale" in body and "Composition de ménage" in body
    assert "Martin Paul" in body and "Enfant mineur" in body
    actions = set(AccessLogEntry.objects.values_list("action", flat=True))
    assert {AccessAction.INSTRUCTION, AccessAction.HOUSEHOLD} <= actions


def test_a_resource_typed_the_belgian_way_is_stored_as_a_decimal(agent_client, dis_request):
    paul = dis_request.enquiry.members.get(first_names="Paul")
    response = agent_client.post(
        reverse("instruction:resource_add", args=[dis_request.pk]),
        {"member": paul.pk, "type": "work_art35", "monthly_net": "1.234,56"},
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.member, resource.monthly_net) == (paul, Decimal("1234.56"))
    body = agent_client.get(dis_request.get_absolute_url()).content.decode()
    assert "1.234,56\u00a0€" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"monthly_net": "1,234.56"}, "1.234,56"),
        ({"monthly_net": "-5"}, "Le montant ne peut pas être négatif."),
        (
            {"starts_on": "10/04/2026", "ends_on": "09/04/2026"},
            "La date de fin de la période ne peut pas précéder la date de début.",
        ),
        ({"starts_on": "31/04/2026"}, "Saisissez une date valide."),
        ({"member": "999999"}, "Cette personne n&#x27;est pas dans le ménage."),
    ],
)
def test_a_bad_resource_gets_a_message_on_its_field_and_nothing_is_saved(
    agent_client, dis_request, data, message
):
    response = agent_client.post(
        reverse("instruction:resource_add", args=[dis_request.pk]),
        {"type": "sickness", "monthly_net": "200", **data},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Resource.objects.exists()


def test_the_agent_corrects_the_register_s_household(agent_client, dis_request):
    lea = dis_request.enquiry.members.get(first_names="Léa")
    url = reverse("instruction:member_edit", args=[dis_request.pk, lea.pk])
    assert "Modifier un membre du ménage" in agent_client.get(url).content.decode()
    response = agent_client.post(
        url,
        {"last_name": "Martin", "first_names": "Léa", "birth_date": "09/06/2019", "link": "autre"},
    )
    assert response.status_code == 302
    lea.refresh_from_db()
    assert (lea.link, lea.cohabiting, lea.dependent) == (Link.OTHER, False, False)


def test_a_minor_child_who_is_an_adult_at_the_request_date_is_refused(agent_client, dis_request):
    paul = dis_request.enquiry.members.get(first_names="Paul")
    response = agent_client.post(
        reverse("instruction:member_edit", args=[dis_request.pk, paul.pk]),
        {"last_name": "Martin", "birth_date": "02/01/1995", "link": "enfant_mineur"},
    )
    assert "Cet enfant a 31 ans à la date de la demande : il est majeur." in (
        response.content.decode()
    )
    paul.refresh_from_db()
    assert paul.link == Link.PARTNER


def test_removing_a_member_removes_their_resources(agent_client, dis_request):
    paul = dis_request.enquiry.members.get(first_names="Paul")
    Resource.objects.create(
        enquiry=dis_request.enquiry, member=paul, type="pension", monthly_net=Decimal("10")
    )
    agent_client.post(reverse("instruction:member_delete", args=[dis_request.pk, paul.pk]))
    assert not dis_request.enquiry.members.filter(pk=paul.pk).exists()
    assert not Resource.objects.exists()


def test_charges_visits_and_the_report_are_recorded(agent_client, dis_request, agent_profile):
    pk = dis_request.pk
    agent_client.post(
        reverse("instruction:charge_add", args=[pk]),
        {"kind": "dette", "label": "Arriérés de loyer", "monthly_amount": "75,50"},
    )
    agent_client.post(
        reverse("instruction:visit_add", args=[pk]),
        {"visited_on": "05/03/2026", "finding": "Logement salubre, trois pièces."},
    )
    agent_client.post(
        reverse("instruction:enquiry_update", args=[pk]),
        {"social_worker": agent_profile.user.pk, "social_report": "Situation précaire."},
    )
    assert Charge.objects.get().monthly_amount == Decimal("75.50")
    assert HomeVisit.objects.get().visited_on == date(2026, 3, 5)
    dis_request.enquiry.refresh_from_db()
    assert dis_request.enquiry.social_report == "Situation précaire."


def test_a_visit_in_the_future_is_refused(agent_client, dis_request):
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = agent_client.post(
        reverse("instruction:visit_add", args=[dis_request.pk]),
        {"visited_on": tomorrow, "finding": "?"},
    )
    assert "Une visite à domicile ne peut pas être dans le futur." in response.content.decode()
    assert not HomeVisit.objects.exists()


def test_a_social_worker_of_another_cpas_cannot_be_put_in_charge(
    agent_client, dis_request, outsider_profile
):
    response = agent_client.post(
        reverse("instruction:enquiry_update", args=[dis_request.pk]),
        {"social_worker": outsider_profile.user.pk, "social_report": ""},
    )
    assert "Agent inconnu dans ce CPAS." in response.content.decode()
    dis_request.enquiry.refresh_from_db()
    assert dis_request.enquiry.social_worker == dis_request.created_by


def test_deleting_a_fact_of_another_request_is_a_404(agent_client, dis_request, dossier):
    from instruction.services import request_create

    other = request_create(
        dossier=dossier,
        received_on=date(2026, 3, 3),
        mode="ecrite",
        object="ri",
        created_by=dis_request.created_by,
    )
    charge = Charge.objects.create(
        enquiry=other.enquiry, kind="charge", label="Loyer", monthly_amount=Decimal("1")
    )
    url = reverse("instruction:charge_delete", args=[dis_request.pk, charge.pk])
    assert agent_client.post(url).status_code == 404
    assert Charge.objects.filter(pk=charge.pk).exists()


def test_the_acknowledgement_carries_the_reception_date(agent_client, dis_request):
    body = agent_client.get(
        reverse("instruction:acknowledgement", args=[dis_request.pk])
    ).content.decode()
    assert "Accusé de réception" in body
    assert "Le C.P.A.S. a reçu le 02/03/2026 votre demande (Revenu d&#x27;intégration)." in body
    assert "au plus tard le 01/04/2026" in body


def test_the_register_lists_the_cpas_requests_of_a_year(agent_client, dis_request):
    url = reverse("instruction:register")
    assert "2026/0001" in agent_client.get(url, {"year": "2026"}).content.decode()
    assert (
        "Aucune demande inscrite au registre."
        in agent_client.get(url, {"year": "2025"}).content.decode()
    )
    assert (
        "Tapez une année de 4 chiffres." in agent_client.get(url, {"year": "deux"}).content.decode()
    )


def test_the_colleague_sees_the_request_and_the_outsider_does_not(
    colleague_client, outsider_client, dis_request
):
    assert colleague_client.get(dis_request.get_absolute_url()).status_code == 200
    assert outsider_client.get(dis_request.get_absolute_url()).status_code == 404
    register = outsider_client.get(reverse("instruction:register")).content.decode()
    assert "2026/0001" not in register
