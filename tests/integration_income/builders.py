"""Parameters built by hand for the pure calculation's tests (no database): the amounts of the
two worked examples of dis.md §6.6, as seeded by migration 0002."""

from datetime import date
from decimal import Decimal

from integration_income.calculation import ResourceLine
from integration_income.choices import Owner, ResourceType
from integration_income.parameters import CategoryRate, Parameters

D = Decimal

# Rules of 01/01/2023 (SPP IS example): isolé 14,569.58 / 1,214.13, ISP 291.63.
PARAMETERS_2023 = Parameters(
    amounts_from=date(2023, 1, 1),
    exemptions_from=date(2023, 1, 1),
    cohabitant=CategoryRate(D("9713.03"), D("809.42"), D("155.00")),
    isolated=CategoryRate(D("14569.58"), D("1214.13"), D("250.00")),
    family=CategoryRate(D("19690.02"), D("1640.84"), D("310.00")),
    art35_monthly=D("291.63"),
)

# Amounts at 01/02/2025.
PARAMETERS_2025 = Parameters(
    amounts_from=date(2025, 2, 1),
    exemptions_from=date(2025, 2, 1),
    cohabitant=CategoryRate(D("10513.60"), D("876.13"), D("155.00")),
    isolated=CategoryRate(D("15770.41"), D("1314.20"), D("250.00")),
    family=CategoryRate(D("21312.84"), D("1776.07"), D("310.00")),
    art35_monthly=D("309.48"),
    shortage_monthly=D("443.52"),
)


def resource(kind=ResourceType.OTHER, monthly="0", *, start=None, end=None, owner=Owner.APPLICANT):
    return ResourceLine(type=kind, monthly=D(monthly), start=start, end=end, owner=owner)
