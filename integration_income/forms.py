"""The checks of a case typed as data (the JSON of `calculate_ri`): one form for the case, one
per resource. Every check is here; the calculation then gets typed values only.

Amounts in this machine format are numbers (or strings) with a decimal point, as JSON writes
them, not the Belgian display format of primaweb/amounts.py: « 1234.567 » must be refused
(three decimals), never read as 1.234.567.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integration_income.choices import Category, Owner, ResourceType
from integration_income.selectors import NoParametersError, parameters_at
from primaweb.amounts import DEFAULT_MAX_AMOUNT
from primaweb.dates import BoundedDateField

ISO_DATE = ["%Y-%m-%d"]
DATE_MESSAGES = {"invalid": _("Date invalide : attendu AAAA-MM-JJ, par exemple 2025-02-01.")}
CHOICE_MESSAGES = {"invalid_choice": _("Valeur inconnue : %(value)s.")}
COUNT_MESSAGES = {
    "invalid": _("Attendu : un nombre entier."),
    "min_value": _("Le nombre ne peut pas être négatif."),
}


class JsonBooleanField(forms.Field):
    """true or false, as JSON writes them; absent is false. A checkbox would read any other
    value (« no », 0) as a choice; here it is a mistake."""

    widget = forms.TextInput  # hands the value over untouched
    default_error_messages = {"invalid": _("Attendu : true ou false.")}

    def to_python(self, value):
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class CaseForm(forms.Form):
    """The case itself: its date, category and household facts; finds the amounts in force."""

    date = BoundedDateField(input_formats=ISO_DATE, error_messages=DATE_MESSAGES)
    category = forms.TypedChoiceField(
        choices=Category.choices, coerce=int, error_messages=CHOICE_MESSAGES
    )
    minor_children = forms.IntegerField(required=False, min_value=0, error_messages=COUNT_MESSAGES)
    count_adult_relatives = JsonBooleanField(required=False)
    adult_relatives = forms.IntegerField(required=False, min_value=0, error_messages=COUNT_MESSAGES)
    partner_claims_ri = JsonBooleanField(required=False)
    shortage_occupation = JsonBooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        for name in ("minor_children", "adult_relatives"):
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        if cleaned.get("category") == Category.FAMILY and cleaned.get("minor_children") == 0:
            self.add_error(
                "minor_children",
                _("La catégorie 3 (famille à charge) demande au moins un enfant mineur à charge."),
            )
        day = cleaned.get("date")
        if day is not None:
            try:
                cleaned["parameters"] = parameters_at(day)
            except NoParametersError as error:
                self.add_error("date", error.message)
            else:
                if cleaned.get("shortage_occupation") and (
                    cleaned["parameters"].shortage_monthly is None
                ):
                    self.add_error(
                        "shortage_occupation",
                        _("L'exonération « métier en pénurie » n'existe pas encore à cette date."),
                    )
        return cleaned


class ResourceForm(forms.Form):
    """One resource: {type, monthly, from, to, owner}; `from` and `to` are `start` and `end`
    here (`from` is a Python keyword)."""

    type = forms.ChoiceField(choices=ResourceType.choices, error_messages=CHOICE_MESSAGES)
    monthly = forms.DecimalField(
        min_value=0,
        max_value=DEFAULT_MAX_AMOUNT,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "invalid": _("Attendu : un montant avec un point décimal, par exemple 1234.56."),
            "min_value": _("Le montant ne peut pas être négatif."),
            "max_value": _("Le montant est trop grand."),
            "max_digits": _("Le montant est trop grand."),
            "max_whole_digits": _("Le montant est trop grand."),
            "max_decimal_places": _("Un montant a au plus deux décimales (les cents)."),
        },
    )
    start = BoundedDateField(required=False, input_formats=ISO_DATE, error_messages=DATE_MESSAGES)
    end = BoundedDateField(required=False, input_formats=ISO_DATE, error_messages=DATE_MESSAGES)
    owner = forms.ChoiceField(required=False, choices=Owner.choices, error_messages=CHOICE_MESSAGES)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fin de la ressource précède son début."))
        cleaned["owner"] = cleaned.get("owner") or Owner.APPLICANT
        return cleaned
