"""Amounts typed and shown the Belgian way (primaweb/amounts.py, the `euros` filter)."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from hypothesis import example, given
from hypothesis import strategies as st

from primaweb.amounts import DEFAULT_MAX_AMOUNT, AmountField, format_amount, format_euros

NBSP = "\u00a0"


def clean(text, **kwargs):
    return AmountField(**kwargs).clean(text)


def error_of(text, **kwargs) -> str:
    with pytest.raises(ValidationError) as raised:
        clean(text, **kwargs)
    (message,) = raised.value.messages
    return message


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        (f"1{NBSP}234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("1.234", "1234.00"),
        ("12.345.678,9", "12345678.90"),
        ("1234", "1234.00"),
        ("0,05", "0.05"),
        ("  1.234,56 € ", "1234.56"),
        ("1234 EUR", "1234.00"),
        ("-0", "0.00"),
    ],
)
def test_an_amount_typed_the_belgian_way_or_with_a_decimal_point_is_read_as_meant(typed, amount):
    cleaned = clean(typed)
    assert cleaned == Decimal(amount)
    assert cleaned.as_tuple().exponent == -2


def test_a_us_style_amount_is_refused_with_the_belgian_way_to_type_it():
    assert error_of("1,234.56") == "Tapez le montant à la belge : 1.234,56"
    assert error_of("12,345,678.00") == "Tapez le montant à la belge : 1.234,56"


def test_a_comma_is_always_the_decimal_comma_so_three_digits_after_it_are_too_many_decimals():
    assert error_of("1,234") == "Un montant a au plus deux décimales (les cents)."
    assert error_of("10,005") == "Un montant a au plus deux décimales (les cents)."


def test_a_negative_amount_is_refused_unless_the_field_allows_it():
    assert error_of("-5") == "Le montant ne peut pas être négatif."
    assert error_of("−1.234,56") == "Le montant ne peut pas être négatif."
    assert clean("-5,50", min_value=None) == Decimal("-5.50")


def test_bounds_are_shown_the_belgian_way():
    assert error_of("100000000") == f"Le montant ne peut pas dépasser 99.999.999,99{NBSP}€."
    assert error_of("1.500,01", max_value=Decimal("1500")) == (
        f"Le montant ne peut pas dépasser 1.500,00{NBSP}€."
    )
    assert error_of("9,99", min_value=Decimal("10")) == (
        f"Le montant doit être d'au moins 10,00{NBSP}€."
    )


@pytest.mark.parametrize(
    "typed", ["abc", "12a", "1.2345", "1.234.56", "12.34.56", "1,", ",50", "+5", "1 2345", "٣"]
)
def test_text_that_is_no_amount_is_refused_with_an_example(typed):
    assert error_of(typed) == "Saisissez un montant, par exemple 1.234,56."


def test_an_empty_optional_amount_is_none_and_a_required_one_is_asked_for():
    assert AmountField(required=False).clean("") is None
    with pytest.raises(ValidationError):
        AmountField().clean("")


def test_a_form_shows_its_initial_amount_the_belgian_way_in_a_text_box():
    class Form(forms.Form):
        amount = AmountField(initial=Decimal("1234.5"))

    html = str(Form()["amount"])
    assert 'value="1.234,50"' in html
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html


def test_amounts_are_formatted_with_dots_between_groups_and_a_decimal_comma():
    assert format_amount(Decimal("1234.56")) == "1.234,56"
    assert format_amount(Decimal("0.5")) == "0,50"
    assert format_amount(Decimal("-1234567.891")) == "-1.234.567,89"
    assert format_euros(Decimal("589.05")) == f"589,05{NBSP}€"


def test_the_euros_filter_shows_money_the_belgian_way_and_nothing_for_no_value():
    template = Template("{% load primaweb_tags %}[{{ a|euros }}|{{ b|euros }}|{{ c|euros }}]")
    rendered = template.render(Context({"a": Decimal("1234.56"), "b": None, "c": "n/a"}))
    assert rendered == f"[1.234,56{NBSP}€||n/a]"


amounts = st.decimals(min_value=0, max_value=DEFAULT_MAX_AMOUNT, places=2)


@given(amount=amounts, style=st.sampled_from(["dots", "spaces", "plain", "point"]))
@example(amount=Decimal("1234.56"), style="dots")
@example(amount=DEFAULT_MAX_AMOUNT, style="spaces")
def test_any_amount_typed_the_belgian_way_reads_back_as_the_same_amount(amount, style):
    shown = format_amount(amount)
    typed = {
        "dots": shown,
        "spaces": shown.replace(".", " "),
        "plain": shown.replace(".", ""),
        "point": shown.replace(".", "").replace(",", "."),
    }[style]
    assert clean(typed) == amount


@given(text=st.text(max_size=40))
@example(text="9" * 60)
@example(text="1e5")
@example(text="NaN")
@example(text="Infinity")
def test_no_typed_text_raises_anything_but_a_validation_error(text):
    try:
        cleaned = AmountField(required=False).clean(text)
    except ValidationError:
        return
    assert cleaned is None or (
        Decimal(0) <= cleaned <= DEFAULT_MAX_AMOUNT and cleaned.as_tuple().exponent == -2
    )
