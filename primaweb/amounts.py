"""Amounts of money as Belgian agents type and read them: « 1.234,56 € ».

Every screen of the product shows money the Belgian way, whatever the interface language (as
dates are JJ/MM/AAAA everywhere): a dot between groups of three digits, a comma before the
cents. Agents also type amounts copied from other tools, so the field is lenient where the
meaning is certain and strict where it is not:

===================  ==========  ==========================================================
typed                read as     why
===================  ==========  ==========================================================
``1234,56``          1234.56     the Belgian decimal comma
``1.234,56``         1234.56     dots between groups of three digits
``1 234,56``         1234.56     spaces (also no-break spaces) between groups
``1234.56``          1234.56     a single dot followed by 1 or 2 digits, and no comma: a
                                 decimal point (typed on a numeric keypad, pasted from a
                                 spreadsheet)
``1.234``            1234        in Belgium the dot groups thousands: a dot followed by
                                 exactly 3 digits is a group, never a decimal point
``1234``, ``1234 €`` 1234.00     a trailing « € » or « EUR » is allowed
``1,234.56``         refused     US style: « Tapez le montant à la belge : 1.234,56 »
``1,234``            refused     a comma is always decimal here: three decimals
``-5``               refused     by default (``min_value`` 0): « Le montant ne peut pas
                                 être négatif. »
===================  ==========  ==========================================================

The field returns a ``Decimal`` quantized to the cent; never a float.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
# The largest amount a DecimalField(max_digits=10, decimal_places=2) column holds.
DEFAULT_MAX_AMOUNT = Decimal("99999999.99")
EXAMPLE = "1.234,56"

# Spaces that may separate groups of digits: ordinary, no-break and narrow no-break.
_SPACES = " \u00a0\u202f"
_MINUS_SIGNS = "-\u2212"
_CURRENCY = re.compile(r"\s*(?:€|eur|euro|euros)$", re.IGNORECASE)
# ASCII digits only: « ١٢ » or « ² » are not amounts an agent types.
_DIGITS = re.compile(r"[0-9]+")
# The integer part: plain digits, or groups of three after a first group of one to three,
# separated by one kind of separator throughout.
_GROUPED = {sep: re.compile(rf"[0-9]{{1,3}}(?:{re.escape(sep)}[0-9]{{3}})+") for sep in ". "}
_US_STYLE = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$")


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal | int | str) -> str:
    """« 1.234,56 »: dots between groups, a comma before the two decimals."""
    amount = quantize(Decimal(value))
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    return f"{sign}{'.'.join(groups)},{cents}"


def format_euros(value: Decimal | int | str) -> str:
    """« 1.234,56 € », with a no-break space so that the sign never starts a line."""
    return f"{format_amount(value)}\u00a0€"


class AmountError(ValueError):
    """Why a typed text is not an amount; its ``code`` is a key of the field's messages."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_amount(text: str) -> Decimal:
    """The amount a Belgian agent meant by ``text`` (see the module's table), not rounded.

    Raises AmountError with the code ``invalid``, ``us_style`` or ``max_decimal_places``.
    """
    text = _CURRENCY.sub("", text.strip()).strip().removeprefix("€").strip()
    negative = text[:1] in _MINUS_SIGNS
    if negative:
        text = text[1:].lstrip(_SPACES)
    if not text or text[0] not in "0123456789":
        raise AmountError("invalid")
    if "," in text and "." in text and text.index(",") < text.index("."):
        raise AmountError("us_style" if _US_STYLE.match(text) else "invalid")
    if "," in text:
        units, _comma, decimals = text.partition(",")
        if not _DIGITS.fullmatch(decimals):
            raise AmountError("invalid")
    elif (
        text.count(".") == 1
        and _DIGITS.fullmatch(text.replace(".", ""))
        and len(text.partition(".")[2]) in (1, 2)
    ):
        # A single dot followed by one or two digits cannot be a group: a decimal point.
        units, _dot, decimals = text.partition(".")
    else:
        units, decimals = text, ""
    units = _integer_part(units)
    if len(decimals) > 2:
        raise AmountError("max_decimal_places")
    amount = Decimal(f"{units}.{decimals or '0'}")
    return -amount if negative else amount


def _integer_part(units: str) -> str:
    if _DIGITS.fullmatch(units):
        return units
    for separator in ". ":
        if _GROUPED[separator].fullmatch(units):
            return units.replace(separator, "")
    # Spaces of any kind are the same separator.
    spaced = "".join(" " if char in _SPACES else char for char in units)
    if _GROUPED[" "].fullmatch(spaced):
        return spaced.replace(" ", "")
    raise AmountError("us_style" if "," in units else "invalid")


class AmountField(forms.DecimalField):
    """A form field for an amount typed the Belgian way; cleans to a Decimal with 2 places.

    ``min_value`` defaults to 0 (a negative amount is refused with its own message) and
    ``max_value`` to the largest amount a ``DecimalField(10, 2)`` column holds.
    """

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _("Saisissez un montant, par exemple 1.234,56."),
        "us_style": _("Tapez le montant à la belge : 1.234,56"),
        "max_decimal_places": _("Un montant a au plus deux décimales (les cents)."),
        "negative": _("Le montant ne peut pas être négatif."),
        "min_value": _("Le montant doit être d'au moins %(limit)s."),
        "max_value": _("Le montant ne peut pas dépasser %(limit)s."),
    }

    def __init__(
        self,
        *,
        min_value: Decimal | None = Decimal("0"),
        max_value: Decimal | None = DEFAULT_MAX_AMOUNT,
        **kwargs,
    ):
        # The bounds are checked here with the product's messages and formatting, not by
        # Django's validators (which would show « 99999999.99 »).
        kwargs.pop("decimal_places", None)
        kwargs.pop("max_digits", None)
        super().__init__(**kwargs)
        self.min_amount = min_value
        self.max_amount = max_value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # A numeric keyboard with a comma on phones; type="number" would refuse the comma.
        attrs.setdefault("inputmode", "decimal")
        return attrs

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            amount = Decimal(value)
        else:
            try:
                amount = parse_amount(str(value))
            except AmountError as error:
                raise ValidationError(self.error_messages[error.code], code=error.code) from None
        if not amount.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            cents = quantize(amount)
        except InvalidOperation:
            # More digits than Decimal's precision (28): far beyond any maximum.
            if self.max_amount is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_euros(self.max_amount)},
            ) from None
        if cents != amount:
            raise ValidationError(
                self.error_messages["max_decimal_places"], code="max_decimal_places"
            )
        # « -0 » is zero, not a negative amount.
        return cents if cents else abs(cents)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_amount is not None and value < self.min_amount:
            if self.min_amount == 0:
                raise ValidationError(self.error_messages["negative"], code="negative")
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": format_euros(self.min_amount)},
            )
        if self.max_amount is not None and value > self.max_amount:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_euros(self.max_amount)},
            )

    def prepare_value(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return format_amount(value)
        return value
