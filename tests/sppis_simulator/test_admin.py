"""The simulator's administration pages: superusers only; the error-code table editable;
the exchange read-only; the NISS they show logged."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accesslog.models import AccessLogEntry
from sppis_simulator.connector import SimulatorConnector
from sppis_simulator.models import (
    Answer,
    CpasSubsidyRate,
    ErrorCode,
    ManualBlock,
    PiisCode,
    ReceivedMessage,
    RecordedForm,
)
from tests.factories import UserFactory
from tests.sppis_simulator.builders import NISS, form_b

pytestmark = pytest.mark.django_db

MODELS = [ErrorCode, PiisCode, CpasSubsidyRate, ManualBlock, ReceivedMessage, Answer, RecordedForm]


def url(model, view: str, *args) -> str:
    return reverse(f"admin:sppis_simulator_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def exchange():
    SimulatorConnector(process_now=True).send({**form_b(), "form_reference": "B-ADMIN-1"})
    ManualBlock.objects.create(niss=NISS, reason="Inspection en cours")
    CpasSubsidyRate.objects.create(ins_code="73028", year=2025, rate=65)
    return ReceivedMessage.objects.get()


def test_a_superuser_sees_every_page_of_the_simulator(superuser_client, exchange):
    index = superuser_client.get(reverse("admin:index")).content.decode()
    assert "SPP IS (simulé)" in index
    for model in MODELS:
        page = superuser_client.get(url(model, "changelist"))
        assert page.status_code == 200, model
        first = model.objects.order_by("pk").first()
        change = superuser_client.get(url(model, "change", first.pk))
        assert change.status_code == 200, model
    listing = superuser_client.get(url(ErrorCode, "changelist")).content.decode()
    assert "B-TARD-01" in listing and "Envoi tardif" in listing
    message = superuser_client.get(url(ReceivedMessage, "change", exchange.pk)).content.decode()
    assert "B-ADMIN-1" in message  # the body
    assert "&quot;result&quot;: &quot;accepted&quot;" in message  # its answer


@pytest.mark.parametrize("persona", ["agent", "staff"])
def test_a_cpas_agent_or_a_staff_member_is_refused(client, agent_profile, exchange, persona):
    if persona == "agent":
        user = agent_profile.user
    else:
        user = UserFactory(is_staff=True, is_superuser=False)
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="sppis_simulator")
        )
    client.force_login(user)
    for model in MODELS:
        response = client.get(url(model, "changelist"))
        assert response.status_code == 302, model
        assert response.url.startswith(reverse("admin:login"))
    response = client.post(url(ManualBlock, "add"), {"niss": NISS, "reason": "x"})
    assert response.status_code == 302
    assert ManualBlock.objects.count() == 1


def test_the_error_code_table_is_editable_but_its_codes_are_neither_renamed_nor_deleted(
    superuser_client,
):
    code = ErrorCode.objects.get(code="B-TARD-01")
    response = superuser_client.post(
        url(ErrorCode, "change", code.pk),
        {
            "code": "B-RENAMED",
            "title": "Envoi en retard",
            "explanation": "Texte revu par l'administrateur.",
            "blocking": "on",
        },
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert (code.code, code.title, code.blocking) == ("B-TARD-01", "Envoi en retard", True)
    delete = superuser_client.get(url(ErrorCode, "delete", code.pk))
    assert delete.status_code == 403


def test_the_received_messages_and_answers_are_read_only(superuser_client, exchange):
    assert superuser_client.get(url(ReceivedMessage, "add")).status_code == 403
    assert superuser_client.get(url(Answer, "add")).status_code == 403
    answer = Answer.objects.get()
    superuser_client.post(url(Answer, "change", answer.pk), {"result": "refused"})
    answer.refresh_from_db()
    assert answer.result == "accepted"


def test_lifting_a_block_from_the_list_ends_it(superuser_client, exchange):
    block = ManualBlock.objects.get()
    response = superuser_client.post(
        url(ManualBlock, "changelist"),
        {"action": "lift", "_selected_action": [block.pk]},
        follow=True,
    )
    assert "1 blocage levé." in response.content.decode()
    block.refresh_from_db()
    assert block.lifted_at is not None
    assert not ManualBlock.objects.active().exists()


def test_the_pages_that_show_a_niss_log_it(superuser_client, exchange):
    for model, pk in [
        (ReceivedMessage, exchange.pk),
        (RecordedForm, RecordedForm.objects.get().pk),
        (ManualBlock, ManualBlock.objects.get().pk),
    ]:
        before = AccessLogEntry.objects.filter(niss=NISS).count()
        superuser_client.get(url(model, "change", pk))
        assert AccessLogEntry.objects.filter(niss=NISS).count() == before + 1, model


def test_a_subsidy_rate_needs_the_rate_or_the_figures_it_follows_from(superuser_client):
    response = superuser_client.post(
        url(CpasSubsidyRate, "add"), {"ins_code": "73028", "year": 2026}
    )
    assert "Indiquez le taux, ou la moyenne des bénéficiaires et son évolution." in (
        response.content.decode()
    )
    superuser_client.post(
        url(CpasSubsidyRate, "add"),
        {"ins_code": "73028", "year": 2026, "beneficiaries_average": 520, "change_percent": "6"},
    )
    assert CpasSubsidyRate.objects.get(year=2026).rate is None
