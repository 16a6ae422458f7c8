"""« Calcul du revenu d'intégration » (decisions:calculation): the options, every line, the
example of dis.md §6.6 (2) built through the enquiry, the refusals on their field."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from accesslog.models import AccessAction, AccessLogEntry
from instruction.models import Link
from instruction.services import member_save, request_create
from tests.decisions.conftest import RECEIVED

pytestmark = pytest.mark.django_db


def url(dis_request) -> str:
    return reverse("decisions:calculation", args=[dis_request.pk])


def text(response) -> str:
    """The page's words, tags removed, spaces collapsed (no-break spaces kept)."""
    body = html.unescape(response.content.decode())
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", body))


def line(page: str, label: str) -> str:
    """The amount shown after a line's label."""
    match = re.search(re.escape(label) + r" (-?[0-9.]+,[0-9]{2}\u00a0€)", page)
    assert match, label
    return match.group(1)


def test_the_bdas_example_2_built_through_the_enquiry_shows_its_figures(agent_client, dossier):
    """A cohabitant with 300 € a month from her parents at 01/02/2025: 7.068,60 € a year,
    589,05 € a month (dis.md §6.6 example 2), the enquiry typed through its pages."""
    response = agent_client.post(
        reverse("instruction:new_request", args=[dossier.pk]),
        {"received_on": "01/02/2025", "mode": "ecrite", "object": "ri"},
    )
    dis_request = dossier.dis_requests.get()
    assert response.url == dis_request.get_absolute_url()
    agent_client.post(
        reverse("instruction:resource_add", args=[dis_request.pk]),
        {"type": "other", "monthly_net": "300,00"},
    )
    page = text(agent_client.get(url(dis_request)))
    assert "La composition de ménage indique la Catégorie 1 : cohabitant." in page
    assert line(page, "Montant annuel du revenu d'intégration (Catégorie 1 : cohabitant)") == (
        "10.513,60\u00a0€"
    )
    assert line(page, "Autres ressources (Demandeur), par mois") == "300,00\u00a0€"
    assert line(page, "Ressources annuelles (× 12)") == "3.600,00\u00a0€"
    assert line(page, "Exonération générale (Catégorie 1 : cohabitant), par an") == "-155,00\u00a0€"
    assert line(page, "Ressources annuelles comptées") == "3.445,00\u00a0€"
    assert line(page, "Revenu d'intégration annuel") == "7.068,60\u00a0€"
    assert line(page, "Revenu d'intégration mensuel") == "589,05\u00a0€"
    assert "Premier mois (prorata) : 589,05\u00a0€ (28/28 jours)" in page
    assert "Formulaires B : 1" in page
    assert "Montants en vigueur au : 01/02/2025" in page
    assert "Le demandeur a droit au revenu d'intégration." in page
    # The household the category rests on: her parents, from the registry.
    assert "Dubois Marc Parent oui non" in page


def test_the_page_logs_the_applicant_and_the_household_it_rests_on(
    agent_client, dis_request, camille
):
    before = AccessLogEntry.objects.count()
    agent_client.get(url(dis_request))
    rows = AccessLogEntry.objects.order_by("pk")[before:]
    assert [(r.action, r.niss) for r in rows if r.niss == camille.niss] == [
        (AccessAction.INSTRUCTION, camille.niss)
    ]
    household = {r.niss for r in rows if r.action == AccessAction.HOUSEHOLD}
    assert len(household) == 2  # Marc and Anne
    assert {r.dossier_number for r in rows} == {dis_request.dossier.number}


def test_the_parents_resources_count_only_when_the_cpas_chooses_it(agent_client, dis_request):
    marc = dis_request.enquiry.members.get(first_names="Marc")
    agent_client.post(
        reverse("instruction:resource_add", args=[dis_request.pk]),
        {"member": marc.pk, "type": "pension", "monthly_net": "1.000,00"},
    )
    page = text(agent_client.get(url(dis_request)))
    assert "non comptée : le CPAS ne les compte pas" in page
    assert line(page, "Revenu d'intégration mensuel") == "589,05\u00a0€"

    counted = text(
        agent_client.get(
            url(dis_request),
            {"day": "01/02/2025", "category": "1", "count_adult_relatives": "on"},
        )
    )
    # 1.000,00 − 1 × 876,13 = 123,87 a month counted on top of her 300,00.
    assert (
        line(
            counted,
            "Part des ressources des ascendants et descendants majeurs au-delà de 1 × le taux "
            "cohabitant, par mois",
        )
        == "123,87\u00a0€"
    )
    assert line(counted, "Ressources comptées du mois") == "423,87\u00a0€"
    assert line(counted, "Revenu d'intégration mensuel") == "465,18\u00a0€"


def test_a_later_date_of_right_prorates_the_first_month(agent_client, dis_request):
    page = text(agent_client.get(url(dis_request), {"day": "15/02/2025", "category": "1"}))
    assert "Ressources de la période couverte (14/28 jours)" in page
    # 300,00 × 14/28 = 150,00 a month, 1.800,00 a year − 155,00: 8.868,60 of RI a year.
    assert line(page, "Revenu d'intégration annuel") == "8.868,60\u00a0€"
    assert line(page, "Revenu d'intégration mensuel") == "739,05\u00a0€"
    assert "Premier mois (prorata) : 369,53\u00a0€ (14/28 jours)" in page


def test_a_dependent_minor_child_suggests_category_3_and_living_alone_category_2(
    agent_client, dis_request
):
    enquiry = dis_request.enquiry
    member_save(
        enquiry=enquiry,
        member=None,
        last_name="Dubois",
        first_names="Noé",
        birth_date=date(2020, 1, 1),
        link=Link.MINOR_CHILD,
        cohabiting=True,
        dependent=True,
        claims_integration_income=False,
    )
    page = text(agent_client.get(url(dis_request)))
    assert "La composition de ménage indique la Catégorie 3 : famille à charge." in page
    assert "Montant annuel du revenu d'intégration (Catégorie 3 : famille à charge)" in page

    enquiry.members.all().delete()
    page = text(agent_client.get(url(dis_request)))
    assert "La composition de ménage indique la Catégorie 2 : isolé." in page
    assert line(page, "Montant annuel du revenu d'intégration (Catégorie 2 : isolé)") == (
        "15.770,41\u00a0€"
    )


def test_another_category_needs_a_written_reason(agent_client, dis_request):
    refused = text(agent_client.get(url(dis_request), {"day": "01/02/2025", "category": "2"}))
    assert (
        "La composition de ménage indique la Catégorie 1 : cohabitant : expliquez par écrit "
        "pourquoi une autre catégorie est choisie." in refused
    )
    assert "Corrigez les options du calcul pour afficher le résultat." in refused
    assert "Revenu d'intégration annuel" not in refused

    accepted = text(
        agent_client.get(
            url(dis_request),
            {
                "day": "01/02/2025",
                "category": "2",
                "category_reason": "Ses parents ne partagent pas les frais du ménage.",
            },
        )
    )
    assert line(accepted, "Montant annuel du revenu d'intégration (Catégorie 2 : isolé)") == (
        "15.770,41\u00a0€"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"category": "3", "category_reason": "Famille"},
            "La catégorie 3 (famille à charge) demande au moins un enfant mineur non marié à "
            "charge dans le ménage : l'enquête sociale n'en a pas trouvé.",
        ),
        ({"day": "31/02/2025"}, "Saisissez une date valide."),
        ({"day": "01/01/2150"}, "L'année doit être comprise entre 1900 et 2100."),
        (
            {"day": "31/01/2025"},
            "Le droit ne peut pas commencer avant la réception de la demande (01/02/2025).",
        ),
        ({"category": "4"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_options_are_refused_on_their_field_without_a_result(
    agent_client, dis_request, options, message
):
    response = agent_client.get(url(dis_request), {"day": "01/02/2025", "category": "1", **options})
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "Revenu d'intégration mensuel" not in page
    assert "Proposer au Conseil" not in page


def test_a_date_without_known_amounts_gets_a_message_not_an_error(
    agent_client, dossier, agent_profile
):
    old = request_create(
        dossier=dossier,
        received_on=date(2019, 3, 1),
        mode="ecrite",
        object="ri",
        created_by=agent_profile.user,
    )
    response = agent_client.get(url(old))
    assert response.status_code == 200
    page = text(response)
    assert "Aucun montant du revenu d'intégration n'est connu au 01/03/2019." in page
    assert "Corrigez les options du calcul pour afficher le résultat." in page


def test_resources_above_the_category_amount_give_no_right_and_propose_a_refusal(
    agent_client, dis_request
):
    agent_client.post(
        reverse("instruction:resource_add", args=[dis_request.pk]),
        {"type": "unemployment", "monthly_net": "1.200,00"},
    )
    response = agent_client.get(url(dis_request))
    page = text(response)
    assert "pas de droit au revenu d'intégration" in page
    assert "Formulaires B : 0" in page
    assert 'value="refus" selected' in response.content.decode()


def test_a_colleague_sees_the_calculation_and_an_outsider_gets_a_404(
    colleague_client, outsider_client, dis_request
):
    assert "589,05" in text(colleague_client.get(url(dis_request)))
    assert outsider_client.get(url(dis_request)).status_code == 404
    assert (
        not AccessLogEntry.objects.filter(action=AccessAction.INSTRUCTION)
        .exclude(user__username="colleague")
        .exists()
    )


def test_the_request_page_links_the_calculation_and_the_session(agent_client, dis_request):
    body = agent_client.get(dis_request.get_absolute_url()).content.decode()
    assert url(dis_request) in body
    assert reverse("decisions:session") in body


def test_the_received_date_is_the_default_date_of_the_right(agent_client, dis_request):
    body = agent_client.get(url(dis_request)).content.decode()
    assert f'value="{RECEIVED:%d/%m/%Y}"' in body
