import pytest
from django.urls import reverse

from accesslog.models import AccessAction, AccessLogEntry
from reimbursement.models import FormState, ReimbursementForm
from reimbursement.services import forms_prepare

pytestmark = pytest.mark.django_db


def test_the_dossier_page_offers_to_prepare_the_decision_s_form_b(agent_client, grant):
    body = agent_client.get(grant.dossier.get_absolute_url()).content.decode()
    assert "Formulaires B et C (SPP IS)" in body
    assert "Préparer le formulaire B" in body
    response = agent_client.post(reverse("reimbursement:prepare", args=[grant.pk]))
    form = ReimbursementForm.objects.get()
    assert response.url == form.get_absolute_url()
    assert agent_client.post(reverse("reimbursement:prepare", args=[grant.pk])).url == (
        form.get_absolute_url()
    )
    assert ReimbursementForm.objects.count() == 1


def test_the_form_page_shows_the_rubriques_and_logs_the_niss(agent_client, grant):
    (form,) = forms_prepare(decision=grant)
    body = agent_client.get(form.get_absolute_url()).content.decode()
    assert "Formulaire B" in body and form.reference in body
    assert "Catégorie 3 : famille à charge" in body
    assert "À envoyer au plus tard le 08/04/2026." in body
    assert "À partir du 15/05/2026" in body
    assert "Envoyer au SPP IS" in body
    assert AccessLogEntry.objects.filter(
        action=AccessAction.REIMBURSEMENT_FORM, niss=form.niss
    ).exists()


def test_sending_shows_the_answer_and_a_second_click_sends_nothing(agent_client, grant):
    (form,) = forms_prepare(decision=grant)
    send = reverse("reimbursement:send", args=[form.pk])
    page = agent_client.post(send, follow=True).content.decode()
    assert f"{form.reference} envoyé au SPP IS : Accepté." in page
    assert "Taux de subvention :" in page and "55 %" in page
    again = agent_client.post(send, follow=True).content.decode()
    assert "Ce formulaire a déjà été envoyé au SPP IS." in again
    form.refresh_from_db()
    assert form.state == FormState.ACCEPTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"piis_code": "0"}, "Le code PIIS est un nombre de 1 à 99."),
        ({"activation_beneficiary": "1,234.56"}, "1.234,56"),
        ({"activation_partner": "-3"}, "Le montant ne peut pas être négatif."),
        ({"annual_amount": "1.000,00"}, "Le montant ne correspond plus à la décision"),
        ({"niss": "85073003328"}, "Le NISS ne correspond plus à la décision"),
        ({"category": "2"}, "La catégorie ne correspond plus à la décision"),
    ],
)
def test_a_bad_rubrique_gets_a_message_on_its_field_and_nothing_changes(
    agent_client, grant, data, message
):
    (form,) = forms_prepare(decision=grant)
    before = ReimbursementForm.objects.values().get(pk=form.pk)
    response = agent_client.post(
        reverse("reimbursement:edit", args=[form.pk]), {"niss": form.niss, **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ReimbursementForm.objects.values().get(pk=form.pk) == before


def test_the_agent_adds_the_piis_code_to_a_draft(agent_client, grant):
    (form,) = forms_prepare(decision=grant)
    response = agent_client.post(
        reverse("reimbursement:edit", args=[form.pk]),
        {"niss": form.niss, "piis_code": "11", "activation_beneficiary": "1.250,00"},
    )
    assert response.status_code == 302
    form.refresh_from_db()
    assert (form.piis_code, str(form.activation_beneficiary)) == (11, "1250.00")


def test_a_sent_form_cannot_be_edited(agent_client, grant, agent_profile):
    from reimbursement.services import form_send

    (form,) = forms_prepare(decision=grant)
    form_send(form=form, user=agent_profile.user)
    response = agent_client.post(
        reverse("reimbursement:edit", args=[form.pk]),
        {"niss": form.niss, "piis_code": "11"},
        follow=True,
    )
    assert "Ce formulaire a déjà été envoyé : il ne peut plus être modifié." in (
        response.content.decode()
    )
    form.refresh_from_db()
    assert form.piis_code is None


def test_the_colleague_sends_and_the_outsider_gets_404(colleague_client, outsider_client, grant):
    (form,) = forms_prepare(decision=grant)
    assert outsider_client.get(form.get_absolute_url()).status_code == 404
    assert outsider_client.post(reverse("reimbursement:send", args=[form.pk])).status_code == 404
    assert outsider_client.post(reverse("reimbursement:prepare", args=[grant.pk])).status_code == (
        404
    )
    form.refresh_from_db()
    assert form.state == FormState.DRAFT
    colleague_client.post(reverse("reimbursement:send", args=[form.pk]))
    form.refresh_from_db()
    assert form.sent_by.username == "colleague"


def test_a_refusal_is_reported_on_a_form_c(agent_client, refusal):
    agent_client.post(reverse("reimbursement:prepare", args=[refusal.pk]))
    form = ReimbursementForm.objects.get()
    body = agent_client.get(form.get_absolute_url()).content.decode()
    assert "Formulaire C" in body and "1 – refus" in body
    page = agent_client.post(reverse("reimbursement:send", args=[form.pk]), follow=True)
    assert "envoyé au SPP IS : Accepté." in page.content.decode()
