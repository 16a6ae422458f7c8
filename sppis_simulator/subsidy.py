"""What the State pays a CPAS for an accepted formulaire B (dis.md §1.8, §1.9): the yearly
rate, the subsidised amount, the PIIS special subsidy and the days lost to late sending.
Pure functions: no database."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
BASE_RATE = 55
# Average number of beneficiaries (penultimate year) from which a higher rate applies.
THRESHOLDS = ((1000, 70), (500, 65))
# A higher rate is granted the first time only with at least this growth (percent) ...
GROWTH_FOR_A_HIGHER_RATE = Decimal(5)
# ... and a lower one applies (one point a year) only with at least this decrease.
DECREASE_FOR_A_LOWER_RATE = Decimal(3)
PIIS_SUBSIDY_CODES = frozenset({11, 17})
PIIS_SUBSIDY_PERCENT = 10
# Art. 21 §6: due within 8 days after the end of the decision's month; late, the
# reimbursement is lost from the 45th day after that end until the day it is sent.
DUE_DAYS_AFTER_MONTH_END = 8
LOSS_STARTS_DAYS_AFTER_MONTH_END = 45


def threshold_rate(beneficiaries_average: int) -> int:
    for minimum, rate in THRESHOLDS:
        if beneficiaries_average >= minimum:
            return rate
    return BASE_RATE


def next_rate(*, previous_rate: int, beneficiaries_average: int, change_percent: Decimal) -> int:
    """The year's rate from the previous year's and the penultimate year's figures.

    - the average's threshold (500: 65 %, 1,000: 70 %) is granted when it is higher than the
      previous rate only if the number of beneficiaries grew by at least 5 %;
    - below the threshold, the rate falls one point a year down to it, and not at all when the
      number fell by less than 3 %.
    """
    target = threshold_rate(beneficiaries_average)
    if target > previous_rate:
        return target if change_percent >= GROWTH_FOR_A_HIGHER_RATE else previous_rate
    if target < previous_rate:
        if change_percent <= -DECREASE_FOR_A_LOWER_RATE:
            return max(target, previous_rate - 1)
        return previous_rate
    return previous_rate


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def due_date(decision_date: date) -> date:
    """The last day to send the form in time: 15/03/2025 → 08/04/2025."""
    return month_end(decision_date) + timedelta(days=DUE_DAYS_AFTER_MONTH_END)


def loss_start(decision_date: date) -> date:
    """The first day whose reimbursement a late form loses: 15/03/2025 → 15/05/2025."""
    return month_end(decision_date) + timedelta(days=LOSS_STARTS_DAYS_AFTER_MONTH_END)


def days_lost(*, decision_date: date, sent_on: date) -> int:
    """Days from the loss's start to the sending day (that day not counted: the form
    reached the SPP IS on it): sent 20/05/2025 for a session of 15/03/2025 → 5; sent on
    the 45th day itself or before → 0. dis.md leaves the boundaries open [I]."""
    return max(0, (sent_on - loss_start(decision_date)).days)


def is_late(*, decision_date: date, sent_on: date) -> bool:
    return sent_on > due_date(decision_date)


@dataclass(frozen=True)
class Subsidy:
    year: int
    rate: int
    annual_amount: Decimal
    subsidised_amount: Decimal
    piis_amount: Decimal
    days_lost: int

    def as_json(self) -> dict:
        return {
            "year": self.year,
            "rate": self.rate,
            "annual_amount": str(self.annual_amount.quantize(CENT)),
            "subsidised_amount": str(self.subsidised_amount),
            "piis_amount": str(self.piis_amount),
            "days_lost": self.days_lost,
        }


def percent_of(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def compute_subsidy(
    *, annual_amount: Decimal, rate: int, year: int, piis_code: int | None, days_lost: int
) -> Subsidy:
    """The yearly amounts: the RI claimed × the CPAS's rate, plus 10 % of the RI with a PIIS
    code 11 (first subsidy) or 17 (prolongation). The first month's prorata is in the amount
    as sent. The days lost are reported beside these yearly amounts, not deducted from them."""
    piis = PIIS_SUBSIDY_PERCENT if piis_code in PIIS_SUBSIDY_CODES else 0
    return Subsidy(
        year=year,
        rate=rate,
        annual_amount=annual_amount,
        subsidised_amount=percent_of(annual_amount, rate),
        piis_amount=percent_of(annual_amount, piis),
        days_lost=days_lost,
    )
