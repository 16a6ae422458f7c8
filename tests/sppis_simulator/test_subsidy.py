"""The subsidy of an accepted formulaire B: the CPAS's yearly rate (dis.md §1.8 and §6.6
item 3), the PIIS 10 %, and the deadline and days lost (§1.9, §6.6 item 4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sppis_simulator.models import CpasSubsidyRate
from sppis_simulator.subsidy import (
    compute_subsidy,
    days_lost,
    due_date,
    is_late,
    loss_start,
    next_rate,
)
from tests.sppis_simulator.builders import INS_CODE, answer, form_b


def test_a_cpas_crossing_500_beneficiaries_with_6_percent_growth_gets_65_percent():
    assert next_rate(previous_rate=55, beneficiaries_average=520, change_percent=Decimal(6)) == 65


def test_a_cpas_crossing_500_beneficiaries_with_only_4_percent_growth_stays_at_55_percent():
    assert next_rate(previous_rate=55, beneficiaries_average=520, change_percent=Decimal(4)) == 55


def test_a_cpas_crossing_1000_beneficiaries_with_growth_gets_70_percent():
    assert next_rate(previous_rate=65, beneficiaries_average=1010, change_percent=Decimal(5)) == 70


def test_a_cpas_at_70_percent_falling_to_950_with_a_4_percent_decrease_gets_69_percent():
    assert next_rate(previous_rate=70, beneficiaries_average=950, change_percent=Decimal(-4)) == 69


def test_a_cpas_at_70_percent_falling_to_950_with_a_2_percent_decrease_stays_at_70_percent():
    assert next_rate(previous_rate=70, beneficiaries_average=950, change_percent=Decimal(-2)) == 70


def test_a_falling_rate_stops_at_the_threshold_of_the_average():
    assert next_rate(previous_rate=65, beneficiaries_average=950, change_percent=Decimal(-9)) == 65
    assert next_rate(previous_rate=56, beneficiaries_average=100, change_percent=Decimal(-9)) == 55


def test_the_deadline_of_a_session_of_15_march_2025_is_8_april_and_the_loss_starts_15_may():
    session = date(2025, 3, 15)
    assert due_date(session) == date(2025, 4, 8)
    assert loss_start(session) == date(2025, 5, 15)
    assert not is_late(decision_date=session, sent_on=date(2025, 4, 8))
    assert is_late(decision_date=session, sent_on=date(2025, 4, 9))
    assert days_lost(decision_date=session, sent_on=date(2025, 5, 15)) == 0
    assert days_lost(decision_date=session, sent_on=date(2025, 5, 20)) == 5


def test_the_subsidy_is_the_rate_of_the_amount_plus_10_percent_with_piis_code_11_or_17():
    subsidy = compute_subsidy(
        annual_amount=Decimal("9532.57"), rate=65, year=2025, piis_code=11, days_lost=0
    )
    assert subsidy.subsidised_amount == Decimal("6196.17")
    assert subsidy.piis_amount == Decimal("953.26")
    without = compute_subsidy(
        annual_amount=Decimal("9532.57"), rate=65, year=2025, piis_code=8, days_lost=0
    )
    assert without.piis_amount == Decimal("0.00")


@pytest.mark.django_db
def test_an_accepted_b_carries_the_cpas_s_rate_of_the_year_55_percent_without_a_row():
    assert answer(form_b())["subsidy"]["rate"] == 55
    CpasSubsidyRate.objects.create(ins_code=INS_CODE, year=2025, rate=65)
    subsidy = answer(form_b(effective_date="2025-03-16"))["subsidy"]
    assert subsidy == {
        "year": 2025,
        "rate": 65,
        "annual_amount": "12000.00",
        "subsidised_amount": "7800.00",
        "piis_amount": "0.00",
        "days_lost": 0,
    }


@pytest.mark.django_db
def test_a_year_given_by_its_averages_follows_from_the_previous_year_s_rate():
    CpasSubsidyRate.objects.create(ins_code=INS_CODE, year=2024, rate=70)
    CpasSubsidyRate.objects.create(
        ins_code=INS_CODE, year=2025, beneficiaries_average=950, change_percent=Decimal("-4")
    )
    assert answer(form_b())["subsidy"]["rate"] == 69
