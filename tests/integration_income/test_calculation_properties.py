"""Properties of the RI calculation over any case (hypothesis): never negative, never more than
the category amount, amounts in cents, and more resources never give more RI."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from integration_income.calculation import Case, ResourceLine, calculate
from integration_income.choices import Category, Owner, ResourceType
from tests.integration_income.builders import PARAMETERS_2025

DAYS = st.dates(min_value=date(2025, 2, 1), max_value=date(2025, 12, 31))
AMOUNTS = st.decimals(min_value=0, max_value=Decimal("5000"), places=2)


@st.composite
def resource_lines(draw):
    start = draw(st.none() | DAYS)
    end = draw(st.none() | DAYS)
    if start and end and end < start:
        start, end = end, start
    return ResourceLine(
        type=draw(st.sampled_from(ResourceType)),
        monthly=draw(AMOUNTS),
        start=start,
        end=end,
        owner=draw(st.sampled_from(Owner)),
    )


@st.composite
def cases(draw):
    return Case(
        date=draw(DAYS),
        category=draw(st.sampled_from(Category)),
        resources=tuple(draw(st.lists(resource_lines(), max_size=6))),
        minor_children=draw(st.integers(0, 3)),
        count_adult_relatives=draw(st.booleans()),
        partner_claims_ri=draw(st.booleans()),
        adult_relatives=draw(st.integers(1, 3)),
        shortage_occupation=draw(st.booleans()),
    )


def in_cents(value: Decimal) -> bool:
    return value.as_tuple().exponent == -2


def not_more(smaller, larger) -> bool:
    return (
        larger.annual <= smaller.annual
        and larger.monthly <= smaller.monthly
        and larger.first_month <= smaller.first_month
    )


@given(case=cases())
def test_the_ri_is_never_negative_nor_above_the_category_and_always_in_cents(case):
    result = calculate(case, parameters=PARAMETERS_2025)
    rate = PARAMETERS_2025.rate(case.category)
    figures = (result.annual, result.monthly, result.first_month)
    assert all(Decimal(0) <= value for value in figures)
    assert result.annual <= rate.annual and result.first_month <= result.monthly
    assert all(in_cents(value) for value in figures)
    assert all(in_cents(line.amount) for line in result.lines)
    assert result.has_right == (result.annual > 0)
    assert result.forms_b in ((1, 2) if result.has_right else (0,))
    assert bool(result.refusal_reason) != result.has_right


@given(case=cases(), extra=resource_lines())
def test_one_more_resource_never_gives_more_ri(case, extra):
    with_extra = Case(**{**case.__dict__, "resources": (*case.resources, extra)})
    assert not_more(
        calculate(case, parameters=PARAMETERS_2025),
        calculate(with_extra, parameters=PARAMETERS_2025),
    )


@given(case=cases(), index=st.integers(0, 5), raise_by=AMOUNTS)
def test_a_higher_resource_never_gives_more_ri(case, index, raise_by):
    if not case.resources:
        return
    index %= len(case.resources)
    resources = list(case.resources)
    line = resources[index]
    resources[index] = ResourceLine(
        line.type, line.monthly + raise_by, line.start, line.end, line.owner
    )
    higher = Case(**{**case.__dict__, "resources": tuple(resources)})
    assert not_more(
        calculate(case, parameters=PARAMETERS_2025),
        calculate(higher, parameters=PARAMETERS_2025),
    )
