from decimal import Decimal

import pytest

from reimbursement.models import FormState, NoticeStatus
from reimbursement.services import form_correct, form_send, form_update, forms_prepare

pytestmark = pytest.mark.django_db


def test_a_refused_form_is_corrected_with_statut_1_and_the_correction_replaces_it(
    grant, agent_profile
):
    (form,) = forms_prepare(decision=grant)
    form_update(form=form, piis_code=3)  # valid only until 31/10/2016: B-PIIS-01
    form_send(form=form, user=agent_profile.user)
    form.refresh_from_db()
    assert form.state == FormState.REFUSED
    assert [error["code"] for error in form.errors] == ["B-PIIS-01"]
    correction = form_correct(form=form)
    assert (correction.notice_status, correction.replaces) == (NoticeStatus.CORRECTION, form)
    assert correction.effective_date == form.effective_date
    assert form_correct(form=form) == correction
    form_update(form=correction, piis_code=11)
    form_send(form=correction, user=agent_profile.user)
    correction.refresh_from_db()
    form.refresh_from_db()
    assert (correction.state, form.state) == (FormState.ACCEPTED, FormState.REPLACED)
    assert correction.piis_amount == (grant.annual_amount / 10).quantize(Decimal("0.01"))
