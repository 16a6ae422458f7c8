"""The deadline arithmetic of the work lists (reimbursement/deadlines.py): the database filters
on the session date give the same answer as the deadlines themselves, and the days lost are
counted as the SPP IS counts them."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from reimbursement.deadlines import (
    days_lost_if_sent_on,
    losing_before,
    overdue_before,
    piis_due_on,
    report_sessions_before,
    report_sessions_from,
    review_due_on,
)
from reimbursement.models import loss_starts_on, report_due_on
from sppis_simulator.subsidy import days_lost

days = st.dates(min_value=date(2006, 10, 1), max_value=date(2040, 12, 31))


def test_the_manual_example_march_15_is_due_april_8_and_loses_from_may_15():
    assert report_due_on(date(2025, 3, 15)) == date(2025, 4, 8)
    assert loss_starts_on(date(2025, 3, 15)) == date(2025, 5, 15)
    assert days_lost_if_sent_on(date(2025, 3, 15), date(2025, 5, 20)) == 5
    assert days_lost_if_sent_on(date(2025, 3, 15), date(2025, 5, 15)) == 0


@given(session=days, today=days)
def test_a_session_is_overdue_by_its_date_exactly_when_its_deadline_has_passed(session, today):
    assert (session < overdue_before(today)) == (report_due_on(session) < today)


@given(session=days, today=days)
def test_a_session_loses_days_by_its_date_exactly_when_days_are_lost_today(session, today):
    assert (session < losing_before(today)) == (days_lost_if_sent_on(session, today) > 0)


@given(session=days, sent=days)
def test_the_days_lost_are_those_the_spp_is_counts(session, sent):
    assert days_lost_if_sent_on(session, sent) == days_lost(decision_date=session, sent_on=sent)


@given(session=days, due_from=days, due_to=days)
def test_the_sessions_narrowed_by_the_database_are_those_due_in_the_period(
    session, due_from, due_to
):
    in_window = report_sessions_from(due_from) <= session < report_sessions_before(due_to)
    assert in_window == (due_from <= report_due_on(session) <= due_to)


def test_the_piis_and_the_review_add_months_and_years_to_the_end_of_shorter_months():
    assert piis_due_on(date(2025, 11, 30)) == date(2026, 2, 28)
    assert piis_due_on(date(2026, 3, 15)) == date(2026, 6, 15)
    assert review_due_on(date(2024, 2, 29)) == date(2025, 2, 28)
    assert review_due_on(date(2026, 3, 1)) - timedelta(days=365) == date(2026, 3, 1)
