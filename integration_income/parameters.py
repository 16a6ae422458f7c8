"""The amounts in force on a day, as plain values: what the pure calculation reads.

`selectors.parameters_at(day)` builds them from the tables; tests build them by hand. Nothing
here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext

from integration_income.choices import Category


@dataclass(frozen=True)
class CategoryRate:
    """One category's RI: the yearly amount the law fixes, its monthly twelfth as published,
    and the general exemption (yearly, not indexed) of that category."""

    annual: Decimal
    monthly: Decimal
    general_exemption: Decimal


@dataclass(frozen=True)
class Parameters:
    """The amounts in force on one day. The categories and the exemptions change on different
    dates, hence two validity dates."""

    amounts_from: date
    exemptions_from: date
    cohabitant: CategoryRate
    isolated: CategoryRate
    family: CategoryRate
    # Socio-professional exemption (art. 35 AR 11/07/2002), per month.
    art35_monthly: Decimal
    # The higher exemption for a « métier en pénurie » (AR 23/11/2023); None before it existed.
    shortage_monthly: Decimal | None = None

    def rate(self, category: Category) -> CategoryRate:
        return {
            Category.COHABITANT: self.cohabitant,
            Category.ISOLATED: self.isolated,
            Category.FAMILY: self.family,
        }[Category(category)]


class NoParametersError(LookupError):
    """No amounts are in force on that day (before the first row of a table)."""

    def __init__(self, day: date):
        self.day = day
        super().__init__(day)

    @property
    def message(self) -> str:
        return gettext("Aucun montant du revenu d'intégration n'est connu au %(day)s.") % {
            "day": date_format(self.day, "SHORT_DATE_FORMAT")
        }

    def __str__(self) -> str:
        return self.message
