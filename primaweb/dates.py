"""The years a date may have, for every date field of every form (issue #12).

A date typed far in the past or the future (`01/01/0001`, `31/12/9999`) is almost always a typing
mistake, and lower layers cannot always handle it (an aware datetime made from `date.min`
overflows). Forms check it once, in the field, with a message on that field; views and queries
get typed dates within the bounds.

Forms to come use `BoundedDateField` instead of `forms.DateField`, or `validate_year` for a year
typed in a box of its own.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2100
YEAR_RANGE_CODE = "year_range"
YEAR_RANGE_MESSAGE = _("L'année doit être comprise entre %(min_year)s et %(max_year)s.")
YEAR_RANGE_PARAMS = {"min_year": MIN_YEAR, "max_year": MAX_YEAR}


def year_range_message(lead=None):
    """The message, after a sentence of the field's own (`Date de naissance invalide.`)."""
    return YEAR_RANGE_MESSAGE if lead is None else format_lazy("{} {}", lead, YEAR_RANGE_MESSAGE)


def validate_year(year: int, message=YEAR_RANGE_MESSAGE) -> None:
    """ValidationError (code `year_range`) unless MIN_YEAR <= year <= MAX_YEAR."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(message, code=YEAR_RANGE_CODE, params=YEAR_RANGE_PARAMS)


def validate_year_in_range(value: date) -> None:
    """The validator of a date: its year between MIN_YEAR and MAX_YEAR."""
    validate_year(value.year)


class BoundedDateField(forms.DateField):
    """A DateField that refuses years before MIN_YEAR and after MAX_YEAR.

    The message can be led by a sentence of the field's own:
    `BoundedDateField(error_messages={"year_range": year_range_message(_("…"))})`.
    """

    default_validators = [validate_year_in_range]
