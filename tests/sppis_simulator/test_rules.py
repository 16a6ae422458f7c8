"""One test per rule of dis.md §6.2, through the simulator: a message is received, answered,
and the answer carries the rule's code (and a message that respects the rule does not)."""

from __future__ import annotations

from datetime import date

import pytest

from sppis_simulator.models import ManualBlock, RecordedForm
from tests.factories import make_niss
from tests.sppis_simulator.builders import (
    NISS,
    OTHER_NISS,
    WRONG_NISS,
    answer,
    codes,
    form_b,
    form_c,
    received_at,
    warning_codes,
)

pytestmark = pytest.mark.django_db


def test_a_form_without_a_niss_is_refused_with_b_niss_01():
    refused = answer(form_b(niss=None))
    assert refused["result"] == "refused"
    assert codes(refused) == ["B-NISS-01"]
    assert refused["errors"][0]["field"] == "form.niss"
    assert refused["errors"][0]["title"] == "NISS absent ou invalide"


def test_a_niss_with_a_wrong_checksum_is_refused_with_b_niss_01():
    assert codes(answer(form_b(niss=WRONG_NISS))) == ["B-NISS-01"]
    assert codes(answer(form_b(niss="123"))) == ["B-NISS-01"]


def test_a_bis_number_and_a_niss_written_with_separators_are_accepted():
    bis = make_niss(1985, 6, 12, 77, bis=True)
    assert answer(form_b(niss=bis))["result"] == "accepted"
    dotted = (
        f"{OTHER_NISS[:2]}.{OTHER_NISS[2:4]}.{OTHER_NISS[4:6]}-{OTHER_NISS[6:9]}.{OTHER_NISS[9:]}"
    )
    assert answer(form_b(niss=dotted))["result"] == "accepted"
    assert RecordedForm.objects.filter(niss=OTHER_NISS).exists()


def test_a_missing_or_impossible_date_is_refused_with_b_date_01():
    missing = answer(form_b(effective_date=None))
    assert codes(missing) == ["B-DATE-01"]
    assert missing["errors"][0]["field"] == "form.effective_date"
    impossible = answer(form_b(decision_date="2025-02-30"))
    assert codes(impossible) == ["B-DATE-01"]
    assert impossible["errors"][0]["field"] == "form.decision_date"
    assert codes(answer(form_c(effective_date="0001-01-01"))) == ["B-DATE-01"]


def test_a_category_outside_1_to_3_is_refused_with_b_cat_01():
    assert codes(answer(form_b(category=4))) == ["B-CAT-01"]
    assert codes(answer(form_b(category=None))) == ["B-CAT-01"]


def test_category_3_without_an_unmarried_minor_child_is_refused_with_b_cat_02():
    assert codes(answer(form_b(category=3))) == ["B-CAT-02"]
    family = form_b(category=3, household={"unmarried_minor_children": 2})
    assert answer(family)["result"] == "accepted"


def test_a_correction_without_an_accepted_b_of_the_same_date_is_refused_with_b_corr_01():
    assert codes(answer(form_b(notice_status=1))) == ["B-CORR-01"]
    answer(form_b(effective_date="2025-02-01"))
    assert codes(answer(form_b(notice_status=1))) == ["B-CORR-01"]


def test_a_refused_b_corrected_with_statut_1_is_accepted():
    refused = answer(form_b(piis_code=3))
    assert codes(refused) == ["B-PIIS-01"]
    corrected = answer(form_b(notice_status=1, piis_code=11))
    assert corrected["result"] == "accepted"
    # A correction on another date has no original: the refusal was for 01/03/2025; and a
    # refused correction is no original for the next one.
    other_date = form_b(notice_status=1, effective_date="2025-03-02")
    assert codes(answer(other_date)) == ["B-CORR-01"]
    assert codes(answer(form_b(notice_status=1, effective_date="2025-03-02"))) == ["B-CORR-01"]


def test_a_blocked_b_corrected_with_statut_1_is_accepted_once_the_block_is_lifted():
    ManualBlock.objects.create(niss=NISS, reason="Inspection")
    assert answer(form_b())["result"] == "blocked"
    ManualBlock.objects.update(lifted_at=received_at(date(2025, 3, 19)))
    assert answer(form_b(notice_status=1))["result"] == "accepted"


def test_a_correction_replaces_the_accepted_b_of_the_same_date():
    answer(form_b(annual_amount="12000.00"))
    corrected = answer(form_b(notice_status=1, annual_amount="11000.00"))
    assert corrected["result"] == "accepted"
    original, correction = RecordedForm.objects.order_by("pk")
    assert (original.current, correction.current) == (False, True)
    assert correction.replaces == original
    assert correction.annual_amount == 11000


def test_a_second_new_b_on_an_accepted_date_is_refused_with_b_dup_01():
    assert answer(form_b())["result"] == "accepted"
    duplicate = answer(form_b())
    assert codes(duplicate) == ["B-DUP-01"]
    assert "statut 1" in duplicate["errors"][0]["detail"]
    # Another beneficiary on the same date is no duplicate.
    assert answer(form_b(niss=OTHER_NISS))["result"] == "accepted"


def test_an_amount_above_the_category_s_yearly_amount_at_the_date_is_refused_with_b_mont_01():
    # Isolé at 01/03/2025: 15,770.41 a year (integration_income's table).
    assert answer(form_b(annual_amount="15770.41"))["result"] == "accepted"
    refused = answer(form_b(effective_date="2025-04-01", annual_amount="15770.42"))
    assert codes(refused) == ["B-MONT-01"]
    assert "15.770,41" in refused["errors"][0]["detail"]
    # The same amount is above the ceiling of 2024 (15,461.52).
    assert codes(answer(form_b(effective_date="2024-06-01", annual_amount="15500.00"))) == [
        "B-MONT-01"
    ]


def test_a_piis_code_outside_its_validity_is_refused_with_b_piis_01():
    # dis.md §6.6 item 5: code 3 on 01/12/2016 refused, code 11 on 01/11/2016 accepted.
    old_code = form_b(effective_date="2016-12-01", decision_date="2016-12-05", piis_code=3)
    assert codes(answer(old_code, on=date(2016, 12, 20))) == ["B-PIIS-01"]
    first = form_b(effective_date="2016-11-01", decision_date="2016-11-03", piis_code=11)
    assert answer(first, on=date(2016, 11, 20))["result"] == "accepted"
    early = form_b(
        niss=OTHER_NISS, effective_date="2016-10-01", decision_date="2016-10-03", piis_code=11
    )
    assert codes(answer(early, on=date(2016, 10, 20))) == ["B-PIIS-01"]
    unknown = form_b(niss=OTHER_NISS, effective_date="2017-01-01", piis_code=14)
    assert codes(answer(unknown, on=date(2017, 1, 20))) == ["B-PIIS-01"]


def test_code_17_without_a_code_11_b_running_the_day_before_is_refused_with_b_piis_02():
    assert codes(answer(form_b(piis_code=17))) == ["B-PIIS-02"]
    first = form_b(effective_date="2024-03-01", decision_date="2024-03-05", piis_code=11)
    answer(first, on=date(2024, 3, 20))
    accepted = answer(form_b(piis_code=17))
    assert accepted["result"] == "accepted"
    assert accepted["subsidy"]["piis_amount"] == "1200.00"


def test_code_17_after_a_withdrawal_of_the_code_11_b_is_refused_with_b_piis_02():
    answer(
        form_b(effective_date="2024-03-01", decision_date="2024-03-05", piis_code=11),
        on=date(2024, 3, 20),
    )
    answer(form_c(effective_date="2024-12-01", decision_date="2024-12-03"), on=date(2024, 12, 5))
    assert codes(answer(form_b(piis_code=17))) == ["B-PIIS-02"]


def test_a_first_shortage_code_not_on_the_first_of_a_month_is_refused_with_324211():
    assert codes(answer(form_b(effective_date="2025-03-05", shortage_code=9))) == ["324211"]
    assert answer(form_b(effective_date="2025-03-01", shortage_code=9))["result"] == "accepted"
    # A later B of the three months (a revision) may start on another day.
    revision = form_b(effective_date="2025-04-15", decision_date="2025-04-10", shortage_code=9)
    assert answer(revision, on=date(2025, 4, 20))["result"] == "accepted"


def test_the_shortage_code_three_months_after_its_first_use_is_refused_with_324213():
    answer(
        form_b(effective_date="2025-01-01", decision_date="2025-01-06", shortage_code=9),
        on=date(2025, 1, 20),
    )
    within = form_b(effective_date="2025-03-01", decision_date="2025-03-03", shortage_code=9)
    assert answer(within)["result"] == "accepted"
    after = form_b(effective_date="2025-04-01", decision_date="2025-04-02", shortage_code=9)
    refused = answer(after, on=date(2025, 4, 10))
    assert codes(refused) == ["324213"]
    assert "01/01/2025" in refused["errors"][0]["detail"]


def test_a_beneficiary_activation_amount_twice_in_a_month_is_refused_with_421426():
    answer(form_b(effective_date="2025-03-01", activation_beneficiary="250.00"))
    again = form_b(effective_date="2025-03-16", activation_beneficiary="100.00")
    assert codes(answer(again)) == ["421426"]
    # Without the amount, a second B of the month is fine; next month the amount is too.
    assert answer(form_b(effective_date="2025-03-16"))["result"] == "accepted"
    next_month = form_b(
        effective_date="2025-04-01", decision_date="2025-03-25", activation_beneficiary="100.00"
    )
    assert answer(next_month)["result"] == "accepted"


def test_a_partner_activation_amount_twice_in_a_month_is_refused_with_421427():
    answer(form_b(effective_date="2025-03-01", activation_partner="250.00"))
    again = form_b(effective_date="2025-03-20", activation_partner="250.00")
    assert codes(answer(again)) == ["421427"]
    # A correction of the B that carries it replaces it: not a second one.
    correction = form_b(effective_date="2025-03-01", notice_status=1, activation_partner="200.00")
    assert answer(correction)["result"] == "accepted"


def test_a_late_form_is_accepted_with_b_tard_01_and_the_days_lost():
    # dis.md §6.6 item 4: session 15/03/2025, due 08/04/2025, loss from 15/05/2025.
    in_time = answer(form_b(), on=date(2025, 4, 8))
    assert in_time["result"] == "accepted" and in_time["warnings"] == []
    late = answer(form_b(niss=OTHER_NISS), on=date(2025, 5, 20))
    assert late["result"] == "accepted"
    assert warning_codes(late) == ["B-TARD-01"]
    assert late["warnings"][0]["blocking"] is False
    assert "5 jour(s)" in late["warnings"][0]["detail"]
    assert late["subsidy"]["days_lost"] == 5


def test_a_form_late_but_before_the_loss_window_loses_no_day():
    late = answer(form_b(), on=date(2025, 5, 15))
    assert warning_codes(late) == ["B-TARD-01"]
    assert late["subsidy"]["days_lost"] == 0


def test_a_manually_blocked_beneficiary_s_form_is_blocked_with_b_bloc_01():
    ManualBlock.objects.create(niss=NISS, reason="Clignotant sans réponse depuis 7 mois")
    blocked = answer(form_b())
    assert blocked["result"] == "blocked"
    assert codes(blocked) == ["B-BLOC-01"]
    assert "Clignotant sans réponse" in blocked["errors"][0]["detail"]
    assert blocked["subsidy"] is None
    assert not RecordedForm.objects.exists()
    # Another beneficiary is not blocked; a lifted block blocks no more.
    assert answer(form_b(niss=OTHER_NISS))["result"] == "accepted"
    ManualBlock.objects.update(lifted_at=received_at(date(2025, 3, 19)))
    assert answer(form_b())["result"] == "accepted"


def test_a_block_for_one_cpas_does_not_block_another_cpas_s_form():
    ManualBlock.objects.create(niss=NISS, cpas_ins_code="62063", reason="Inspection")
    assert answer(form_b())["result"] == "accepted"


def test_a_blocked_form_with_an_error_is_refused_with_both_codes():
    ManualBlock.objects.create(niss=NISS, reason="Inspection")
    refused = answer(form_b(category=7))
    assert refused["result"] == "refused"
    assert codes(refused) == ["B-CAT-01", "B-BLOC-01"]


def test_a_c_with_a_nature_other_than_1_or_2_is_refused_with_c_nat_01():
    assert codes(answer(form_c(nature=3))) == ["C-NAT-01"]
    assert codes(answer(form_c(nature=None))) == ["C-NAT-01"]
    assert answer(form_c(nature=1))["result"] == "accepted"


def test_a_withdrawal_with_no_b_running_at_its_date_is_refused_with_c_ref_01():
    assert codes(answer(form_c())) == ["C-REF-01"]
    answer(form_b(effective_date="2025-03-01"))
    withdrawal = answer(form_c())
    assert withdrawal["result"] == "accepted"
    assert withdrawal["subsidy"] is None
    # The B is withdrawn: a second withdrawal later finds nothing running.
    later = form_c(effective_date="2025-07-01", decision_date="2025-06-20")
    assert codes(answer(later, on=date(2025, 6, 25))) == ["C-REF-01"]


def test_a_withdrawal_before_the_b_starts_is_refused_with_c_ref_01():
    answer(form_b(effective_date="2025-03-01"))
    early = form_c(effective_date="2025-02-01", decision_date="2025-02-10")
    assert codes(answer(early, on=date(2025, 2, 20))) == ["C-REF-01"]


def test_an_error_code_made_non_blocking_in_the_table_becomes_a_warning():
    from sppis_simulator.models import ErrorCode

    ErrorCode.objects.filter(code="B-CAT-02").update(blocking=False)
    accepted = answer(form_b(category=3))
    assert accepted["result"] == "accepted"
    assert warning_codes(accepted) == ["B-CAT-02"]


def test_every_error_of_a_form_is_listed():
    refused = answer(form_b(category=3, piis_code=5, annual_amount="99999.00"))
    assert codes(refused) == ["B-CAT-02", "B-MONT-01", "B-PIIS-01"]
