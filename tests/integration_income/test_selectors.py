"""The amounts in force on a day (integration_income/selectors.py), from the rows migration 0002
seeds, and the worked examples calculated with them."""

from datetime import date
from decimal import Decimal

import pytest

from integration_income.calculation import calculate
from integration_income.models import CategoryAmount, ExemptionAmount
from integration_income.selectors import NoParametersError, parameters_at
from tests.integration_income.builders import PARAMETERS_2023, PARAMETERS_2025
from tests.integration_income.test_calculation import example_1

pytestmark = pytest.mark.django_db


def test_a_clean_database_has_the_sourced_rows():
    assert list(
        CategoryAmount.objects.order_by("valid_from").values_list("valid_from", flat=True)
    ) == [
        date(2020, 1, 1),
        date(2021, 1, 1),
        date(2023, 1, 1),
        date(2024, 5, 1),
        date(2025, 2, 1),
    ]
    assert ExemptionAmount.objects.filter(
        valid_from=date(2025, 2, 1), shortage_monthly=Decimal("443.52")
    ).exists()
    # Every row says where its amounts come from, and which ones are inferred.
    assert not CategoryAmount.objects.filter(source="").exists()
    assert CategoryAmount.objects.get(valid_from=date(2024, 5, 1)).source.count("[I]") == 1


def test_the_seeded_amounts_are_those_the_examples_use():
    assert parameters_at(date(2023, 4, 5)) == PARAMETERS_2023
    assert parameters_at(date(2025, 2, 1)) == PARAMETERS_2025


def test_a_row_is_in_force_from_its_first_day_until_the_next_row():
    assert parameters_at(date(2024, 4, 30)).isolated.monthly == Decimal("1214.13")
    assert parameters_at(date(2024, 5, 1)).isolated.monthly == Decimal("1288.46")
    assert parameters_at(date(2040, 1, 1)).amounts_from == date(2025, 2, 1)


def test_the_two_tables_change_on_their_own_dates():
    parameters = parameters_at(date(2022, 6, 1))
    assert parameters.amounts_from == date(2021, 1, 1)
    assert parameters.exemptions_from == date(2022, 1, 1)
    assert parameters.art35_monthly == Decimal("264.13")
    assert parameters.shortage_monthly is None


def test_a_day_before_the_first_row_has_no_amounts_and_says_so_in_french():
    with pytest.raises(NoParametersError) as raised:
        parameters_at(date(2019, 12, 31))
    assert raised.value.message == (
        "Aucun montant du revenu d'intégration n'est connu au 31/12/2019."
    )


def test_a_new_row_typed_by_an_operator_is_used_from_its_date():
    CategoryAmount.objects.create(
        valid_from=date(2026, 1, 1),
        cohabitant_annual=Decimal("10600.00"),
        cohabitant_monthly=Decimal("883.33"),
        isolated_annual=Decimal("15900.00"),
        isolated_monthly=Decimal("1325.00"),
        family_annual=Decimal("21500.00"),
        family_monthly=Decimal("1791.67"),
    )
    assert parameters_at(date(2026, 3, 1)).isolated.annual == Decimal("15900.00")
    assert parameters_at(date(2025, 12, 31)).isolated.annual == Decimal("15770.41")


def test_example_1_calculated_with_the_amounts_of_the_database():
    result = calculate(example_1(), parameters=parameters_at(example_1().date))
    assert (result.annual, result.monthly, result.first_month) == (
        Decimal("9532.50"),
        Decimal("794.38"),
        Decimal("688.46"),
    )
