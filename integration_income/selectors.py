"""Reads of the RI amounts: the parameters in force on a day."""

from __future__ import annotations

from datetime import date

from integration_income.models import CategoryAmount, ExemptionAmount
from integration_income.parameters import CategoryRate, NoParametersError, Parameters

__all__ = ["NoParametersError", "Parameters", "parameters_at"]


def parameters_at(day: date) -> Parameters:
    """The amounts in force on `day`: each table's latest row from that day or before.

    Raises NoParametersError when either table has no row that early (its `message` is for
    the agent)."""
    amounts = CategoryAmount.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    exemptions = ExemptionAmount.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if amounts is None or exemptions is None:
        raise NoParametersError(day)
    return Parameters(
        amounts_from=amounts.valid_from,
        exemptions_from=exemptions.valid_from,
        cohabitant=CategoryRate(
            annual=amounts.cohabitant_annual,
            monthly=amounts.cohabitant_monthly,
            general_exemption=exemptions.cohabitant_general_annual,
        ),
        isolated=CategoryRate(
            annual=amounts.isolated_annual,
            monthly=amounts.isolated_monthly,
            general_exemption=exemptions.isolated_general_annual,
        ),
        family=CategoryRate(
            annual=amounts.family_annual,
            monthly=amounts.family_monthly,
            general_exemption=exemptions.family_general_annual,
        ),
        art35_monthly=exemptions.art35_monthly,
        shortage_monthly=exemptions.shortage_monthly,
    )
