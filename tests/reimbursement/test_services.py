from datetime import date
from decimal import Decimal

import pytest

from reimbursement.models import FormState, FormType, ReimbursementForm
from reimbursement.services import (
    FormError,
    answers_read,
    form_correct,
    form_send,
    form_update,
    forms_prepare,
    message_for,
)

pytestmark = pytest.mark.django_db


def test_a_grant_gives_a_form_b_copied_from_the_decision(grant):
    (form,) = forms_prepare(decision=grant)
    assert (form.type, form.state, form.rank) == (FormType.B, FormState.DRAFT, 1)
    assert form.niss == grant.dossier.niss
    assert (form.effective_date, form.decision_date) == (date(2026, 3, 2), date(2026, 3, 20))
    assert form.category == 3
    assert form.unmarried_minor_children == 1
    assert form.annual_amount == grant.annual_amount > 0
    assert form.report_due_on == date(2026, 4, 8)
    assert form.loss_starts_on == date(2026, 5, 15)


def test_preparing_the_forms_again_gives_the_same_forms(grant):
    assert forms_prepare(decision=grant) == forms_prepare(decision=grant)
    assert ReimbursementForm.objects.count() == 1


def test_a_refusal_gives_a_form_c_of_nature_1(refusal):
    (form,) = forms_prepare(decision=refusal)
    assert (form.type, form.nature, form.end_date) == (FormType.C, 1, None)


def test_the_message_follows_the_schema_s_shape(grant):
    (form,) = forms_prepare(decision=grant)
    message = message_for(form, sent_at=form.created_at)
    assert message["schema"] == "urn:primaweb:sppis-form:1"
    assert message["message_id"] == str(form.message_id)
    assert message["cpas"] == {
        "name": "CPAS de Herstappe",
        "ins_code": "73028",
        "bce_number": form.cpas.bce_number,
    }
    assert message["form"]["annual_amount"] == f"{grant.annual_amount:.2f}"
    assert message["form"]["household"] == {"unmarried_minor_children": 1}


def test_a_sent_form_is_answered_and_never_sent_twice(grant, agent_profile):
    (form,) = forms_prepare(decision=grant)
    form_send(form=form, user=agent_profile.user)
    form.refresh_from_db()
    assert form.state == FormState.ACCEPTED
    assert form.sent_by == agent_profile.user
    assert form.subsidy_rate == 55
    assert form.subsidised_amount == (grant.annual_amount * Decimal("0.55")).quantize(
        Decimal("0.01")
    )
    with pytest.raises(FormError, match="déjà été envoyé"):
        form_send(form=form, user=agent_profile.user)
    with pytest.raises(FormError):
        form_update(form=form, piis_code=11)


def test_reading_the_answers_again_changes_nothing(grant, agent_profile):
    (form,) = forms_prepare(decision=grant)
    form_send(form=form, user=agent_profile.user)
    assert answers_read() == 0
    form.refresh_from_db()
    assert form.state == FormState.ACCEPTED


def test_a_draft_cannot_be_corrected(grant):
    (form,) = forms_prepare(decision=grant)
    with pytest.raises(FormError):
        form_correct(form=form)
