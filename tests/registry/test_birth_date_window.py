import calendar
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from registry.partial_date import PartialDate
from registry.search import validate_tolerance, window_for


def test_the_manuals_month_example():
    assert window_for("00/10/2000", 2) == (date(2000, 8, 1), date(2000, 12, 31))


def test_the_manuals_year_example():
    assert window_for("00/00/2000", 2) == (date(1998, 1, 1), date(2002, 12, 31))


def test_a_full_date_widens_by_days():
    assert window_for("15/06/1980", 0) == (date(1980, 6, 15), date(1980, 6, 15))
    assert window_for("15/06/1980", 3) == (date(1980, 6, 12), date(1980, 6, 18))


def test_a_full_date_window_crosses_the_year():
    assert window_for("30/12/1999", 5) == (date(1999, 12, 25), date(2000, 1, 4))


def test_an_unknown_day_window_crosses_years_both_ways():
    assert window_for("00/01/2000", 1) == (date(1999, 12, 1), date(2000, 2, 29))
    assert window_for("00/12/1999", 2) == (date(1999, 10, 1), date(2000, 2, 29))


def test_unknown_day_with_tolerance_zero_is_the_whole_month():
    assert window_for("00/02/2004", 0) == (date(2004, 2, 1), date(2004, 2, 29))
    assert window_for("00/02/2003", 0) == (date(2003, 2, 1), date(2003, 2, 28))


def test_a_leap_day_is_a_valid_birth_date():
    assert window_for("29/02/2000", 1) == (date(2000, 2, 28), date(2000, 3, 1))


@pytest.mark.parametrize("tolerance", range(11))
def test_every_tolerance_widens_each_kind_of_window(tolerance):
    assert window_for("20/05/1990", tolerance) == (
        date(1990, 5, 20) - timedelta(days=tolerance),
        date(1990, 5, 20) + timedelta(days=tolerance),
    )
    first_month = date(1990, 5, 1) - relativedelta(months=tolerance)
    last_month = date(1990, 5, 1) + relativedelta(months=tolerance)
    last_day = calendar.monthrange(last_month.year, last_month.month)[1]
    assert window_for("00/05/1990", tolerance) == (
        first_month,
        date(last_month.year, last_month.month, last_day),
    )
    assert window_for("00/00/1990", tolerance) == (
        date(1990 - tolerance, 1, 1),
        date(1990 + tolerance, 12, 31),
    )


@pytest.mark.parametrize(
    "typed",
    [
        "31/02/2000",
        "29/02/2001",
        "15/00/2000",
        "00/13/2000",
        "01/01",
        "",
        "12/05/88",
        "aa/bb/cccc",
        "32/01/2000",
        "00/00/0000",
        "01/01/3000",
    ],
)
def test_bad_birth_dates_raise_a_validation_error(typed):
    with pytest.raises(ValidationError):
        PartialDate.parse(typed)


@pytest.mark.parametrize("tolerance", [-1, 11, "abc", None, 2.5j])
def test_bad_tolerances_raise_a_validation_error(tolerance):
    with pytest.raises(ValidationError, match="tolérance"):
        validate_tolerance(tolerance)


def test_a_partial_date_gives_its_window():
    assert PartialDate(2000, 10, 0).window(2) == (date(2000, 8, 1), date(2000, 12, 31))
