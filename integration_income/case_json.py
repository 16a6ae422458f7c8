"""A case as JSON data and a calculation as JSON data: the format of `calculate_ri`
(docs/calculate-ri.md).

`read_case(data)` checks everything through the forms of forms.py and returns the typed case
and the amounts in force, or raises CaseInvalid with one message per bad field, each led by
the field's path in the JSON (`resources[1].monthly : …`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext

from integration_income.calculation import Calculation, Case, ResourceLine
from integration_income.choices import Owner
from integration_income.forms import CaseForm, ResourceForm
from integration_income.parameters import Parameters

CASE_KEYS = [*CaseForm.base_fields, "resources"]
# JSON key → form field: `from` is a Python keyword.
RESOURCE_KEYS = {
    "type": "type",
    "monthly": "monthly",
    "from": "start",
    "to": "end",
    "owner": "owner",
}
RESOURCE_PATHS = {field: key for key, field in RESOURCE_KEYS.items()}


class CaseInvalid(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def _message(path: str, text) -> str:
    return gettext("%(field)s : %(message)s") % {"field": path, "message": text}


def _form_messages(form, prefix: str = "", paths: dict[str, str] | None = None) -> list[str]:
    """The first error of each bad field: one message per field. (The forms put every error
    on a field, none on the form as a whole.)"""
    return [
        _message(prefix + (paths or {}).get(name, name), errors[0].messages[0])
        for name, errors in form.errors.as_data().items()
    ]


def _unknown_keys(data: dict, known, prefix: str = "") -> list[str]:
    return [
        _message(f"{prefix}{key}", gettext("clé inconnue.")) for key in data if key not in known
    ]


def read_case(data: Any) -> tuple[Case, Parameters]:
    if not isinstance(data, dict):
        raise CaseInvalid([gettext("Le cas doit être un objet JSON { … }.")])
    messages = _unknown_keys(data, CASE_KEYS)
    case_form = CaseForm(data={key: data.get(key) for key in CaseForm.base_fields})
    case_form.is_valid()
    messages += _form_messages(case_form)

    resources = data.get("resources")
    lines: list[ResourceLine] = []
    if "resources" not in data:
        messages.append(_message("resources", forms.Field.default_error_messages["required"]))
    elif not isinstance(resources, list):
        messages.append(
            _message(
                "resources", gettext("Attendu : une liste (vide s'il n'y a pas de ressources).")
            )
        )
    else:
        for index, item in enumerate(resources):
            prefix = f"resources[{index}]."
            if not isinstance(item, dict):
                messages.append(
                    _message(
                        prefix.rstrip("."),
                        gettext("Attendu : un objet {type, monthly, from, to, owner}."),
                    )
                )
                continue
            messages += _unknown_keys(item, RESOURCE_KEYS, prefix)
            form = ResourceForm(data={field: item.get(key) for key, field in RESOURCE_KEYS.items()})
            if not form.is_valid():
                messages += _form_messages(form, prefix, RESOURCE_PATHS)
                continue
            lines.append(
                ResourceLine(
                    type=form.cleaned_data["type"],
                    monthly=form.cleaned_data["monthly"],
                    start=form.cleaned_data["start"],
                    end=form.cleaned_data["end"],
                    owner=form.cleaned_data["owner"],
                )
            )
    if case_form.is_valid() and lines:
        cleaned = case_form.cleaned_data
        relatives_listed = any(line.owner == Owner.ADULT_RELATIVE for line in lines)
        if cleaned["count_adult_relatives"] and relatives_listed and cleaned["adult_relatives"] < 1:
            messages.append(
                _message(
                    "adult_relatives",
                    gettext(
                        "Indiquez combien d'ascendants et descendants majeurs ont ces ressources."
                    ),
                )
            )
    if messages:
        raise CaseInvalid(messages)
    cleaned = case_form.cleaned_data
    case = Case(
        date=cleaned["date"],
        category=cleaned["category"],
        resources=tuple(lines),
        minor_children=cleaned["minor_children"],
        count_adult_relatives=cleaned["count_adult_relatives"],
        partner_claims_ri=cleaned["partner_claims_ri"],
        adult_relatives=cleaned["adult_relatives"],
        shortage_occupation=cleaned["shortage_occupation"],
    )
    return case, cleaned["parameters"]


def amount(value) -> str:
    """Amounts leave as strings with two decimals and a point: exact, unlike JSON numbers."""
    return f"{value:.2f}"


def calculation_data(calculation: Calculation, parameters: Parameters) -> dict[str, Any]:
    form_b = calculation.first_form_b
    return {
        "category": int(calculation.category),
        "category_label": str(calculation.category.label),
        "has_right": calculation.has_right,
        "refusal_reason": calculation.refusal_reason,
        "annual": amount(calculation.annual),
        "monthly": amount(calculation.monthly),
        "first_month": amount(calculation.first_month),
        "days_covered": calculation.days_covered,
        "days_in_month": calculation.days_in_month,
        "forms_b": calculation.forms_b,
        "first_form_b": {
            "art35_annual": amount(form_b.art35_annual),
            "resources_annual": {
                str(kind): amount(value) for kind, value in form_b.resources_annual
            },
            "partner_annual": amount(form_b.partner_annual),
            "relatives_annual": amount(form_b.relatives_annual),
            "claimed_annual": amount(form_b.claimed_annual),
        },
        "parameters": {
            "amounts_from": parameters.amounts_from.isoformat(),
            "exemptions_from": parameters.exemptions_from.isoformat(),
        },
        "lines": [
            {"label": line.label, "amount": amount(line.amount)} for line in calculation.lines
        ],
    }
