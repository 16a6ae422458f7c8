"""Admin pages of the RI amounts: an operator types a new row at each indexation.

Amounts are typed and shown the Belgian way (primaweb/amounts.py); dates within the product's
bounds (BoundedDatesAdmin). Rows are not deleted from the list by accident: a past row is still
the rule for the decisions taken while it was in force.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from integration_income.models import CategoryAmount, ExemptionAmount
from primaweb.admin_site import BoundedDatesAdmin
from primaweb.amounts import AmountField, format_euros


class AmountsAdmin(BoundedDatesAdmin, admin.ModelAdmin):
    """Its decimal fields are typed the Belgian way (« 1.234,56 »)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DecimalField):
            kwargs.setdefault("form_class", AmountField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


def euros_column(field: str, description):
    @admin.display(description=description, ordering=field)
    def column(obj):
        value = getattr(obj, field)
        return "—" if value is None else format_euros(value)

    return column


@admin.register(CategoryAmount)
class CategoryAmountAdmin(AmountsAdmin):
    list_display = [
        "valid_from",
        euros_column("cohabitant_monthly", _("Cat. 1 par mois")),
        euros_column("isolated_monthly", _("Cat. 2 par mois")),
        euros_column("family_monthly", _("Cat. 3 par mois")),
        euros_column("cohabitant_annual", _("Cat. 1 par an")),
        euros_column("isolated_annual", _("Cat. 2 par an")),
        euros_column("family_annual", _("Cat. 3 par an")),
    ]
    date_hierarchy = "valid_from"


@admin.register(ExemptionAmount)
class ExemptionAmountAdmin(AmountsAdmin):
    list_display = [
        "valid_from",
        euros_column("art35_monthly", _("Art. 35 par mois")),
        euros_column("shortage_monthly", _("Métier en pénurie par mois")),
        euros_column("cohabitant_general_annual", _("Générale cat. 1 par an")),
        euros_column("isolated_general_annual", _("Générale cat. 2 par an")),
        euros_column("family_general_annual", _("Générale cat. 3 par an")),
    ]
    date_hierarchy = "valid_from"
