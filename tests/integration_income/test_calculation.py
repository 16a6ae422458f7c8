"""The pure RI calculation (integration_income/calculation.py): the SPP IS's worked examples of
dis.md §6.6 and the rules of §1.7, with hand-built parameters (no database)."""

from datetime import date
from decimal import Decimal

import pytest

from integration_income.calculation import Case, ResourceLine, calculate
from integration_income.choices import Category, Owner, ResourceType
from tests.integration_income.builders import PARAMETERS_2023, PARAMETERS_2025, D, resource

TOLERANCE = D("0.10")  # the source itself shows 9,532.50 and 9,532.57 for one figure


def close(value: Decimal, expected: str) -> bool:
    return abs(value - D(expected)) <= TOLERANCE


def line_amounts(result) -> dict[str, Decimal]:
    return {line.label: line.amount for line in result.lines}


def example_1():
    """PB-Nova: isolé, new request on 05/04/2023, work 600 from the 10th, sickness 200 until
    the 9th."""
    return Case(
        date=date(2023, 4, 5),
        category=Category.ISOLATED,
        resources=(
            resource(ResourceType.WORK_ART35, "600", start=date(2023, 4, 10)),
            resource(ResourceType.SICKNESS, "200", start=date(2023, 4, 1), end=date(2023, 4, 9)),
        ),
    )


def test_the_spp_is_example_1_is_reproduced_figure_by_figure():
    result = calculate(example_1(), parameters=PARAMETERS_2023)
    lines = line_amounts(result)
    assert lines["Exonération socioprofessionnelle (art. 35), par mois"] == D("-291.63")
    assert close(lines["Ressources comptées du mois"], "508.37")
    assert close(lines["Ressources de la période couverte (26/30 jours)"], "440.59")
    assert close(lines["Ressources annuelles (× 12)"], "5287.08")
    assert lines["Exonération générale (Catégorie 2 : isolé), par an"] == D("-250.00")
    assert close(lines["Ressources annuelles comptées"], "5037.08")
    assert close(result.annual, "9532.50")
    assert close(result.monthly, "794.38")
    assert close(result.first_month, "688.46")
    assert (result.days_covered, result.days_in_month) == (26, 30)
    assert result.has_right and result.refusal_reason == ""


def test_example_1_needs_two_forms_b_and_the_first_carries_the_spp_is_figures():
    result = calculate(example_1(), parameters=PARAMETERS_2023)
    assert result.forms_b == 2
    form = result.first_form_b
    assert close(form.art35_annual, "6706.61")
    assert dict(form.resources_annual).keys() == {ResourceType.SICKNESS}
    assert close(dict(form.resources_annual)[ResourceType.SICKNESS], "2079.96")
    assert close(form.claimed_annual, "9532.57")


def test_the_exact_figures_of_example_1_rounded_at_each_step():
    result = calculate(example_1(), parameters=PARAMETERS_2023)
    assert (result.annual, result.monthly, result.first_month) == (
        D("9532.50"),
        D("794.38"),
        D("688.46"),
    )
    form = result.first_form_b
    assert (form.art35_annual, form.claimed_annual) == (D("6706.56"), D("9532.56"))


def test_the_bdas_example_2_a_cohabitant_helped_by_her_parents_gets_589_05_a_month():
    case = Case(
        date=date(2025, 2, 1),
        category=Category.COHABITANT,
        resources=(resource(ResourceType.OTHER, "300"),),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    lines = line_amounts(result)
    assert lines["Ressources annuelles (× 12)"] == D("3600.00")
    assert lines["Exonération générale (Catégorie 1 : cohabitant), par an"] == D("-155.00")
    assert lines["Ressources annuelles comptées"] == D("3445.00")
    assert close(result.annual, "7068.60")
    assert close(result.monthly, "589.05")
    assert result.first_month == result.monthly  # from the 1st: a whole month
    assert result.forms_b == 1


def test_every_line_is_shown_to_the_agent_in_order():
    result = calculate(example_1(), parameters=PARAMETERS_2023)
    assert [line.label for line in result.lines] == [
        "Montant annuel du revenu d'intégration (Catégorie 2 : isolé)",
        "Revenus professionnels (art. 35) (Demandeur), par mois",
        "Indemnités de maladie-invalidité (Demandeur), par mois",
        "Exonération socioprofessionnelle (art. 35), par mois",
        "Ressources comptées du mois",
        "Ressources de la période couverte (26/30 jours)",
        "Ressources annuelles (× 12)",
        "Exonération générale (Catégorie 2 : isolé), par an",
        "Ressources annuelles comptées",
        "Revenu d'intégration annuel",
        "Revenu d'intégration mensuel",
        "Revenu d'intégration du premier mois (26/30 jours)",
    ]
    assert all(line.amount.as_tuple().exponent == -2 for line in result.lines)


def test_without_resources_the_ri_is_the_whole_category_amount():
    result = calculate(Case(date(2025, 2, 1), Category.ISOLATED), parameters=PARAMETERS_2025)
    assert (result.annual, result.monthly, result.first_month) == (
        D("15770.41"),
        D("1314.20"),
        D("1314.20"),
    )
    assert result.has_right and result.forms_b == 1
    # No resources: the general exemption has nothing to exempt, the line says 0 counted.
    assert line_amounts(result)["Ressources annuelles comptées"] == D("0.00")


def test_resources_above_the_category_amount_give_no_right_and_say_why():
    case = Case(
        date(2025, 2, 1),
        Category.ISOLATED,
        resources=(resource(ResourceType.UNEMPLOYMENT, "1400"),),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    assert not result.has_right
    assert (result.annual, result.monthly, result.first_month) == (D("0.00"),) * 3
    assert result.forms_b == 0
    assert result.refusal_reason == (
        "Les ressources annuelles comptées (16.800,00\u00a0€) atteignent le montant annuel de "
        "la catégorie (15.770,41\u00a0€) : pas de droit au revenu d'intégration."
    )
    assert not any(line.label.startswith("Exonération générale") for line in result.lines)


def test_the_general_exemption_applies_only_below_the_category_amount():
    # 1,314.20 × 12 = 15,770.40: one cent below the yearly amount, so the 250 are exempt.
    below = Case(
        date(2025, 2, 1), Category.ISOLATED, resources=(resource(ResourceType.PENSION, "1314.20"),)
    )
    result = calculate(below, parameters=PARAMETERS_2025)
    assert result.annual == D("250.01")
    at = Case(
        date(2025, 2, 1), Category.ISOLATED, resources=(resource(ResourceType.PENSION, "1314.21"),)
    )
    assert not calculate(at, parameters=PARAMETERS_2025).has_right


def test_category_3_without_a_minor_child_is_refused_without_a_calculation():
    case = Case(date(2025, 2, 1), Category.FAMILY, minor_children=0)
    result = calculate(case, parameters=PARAMETERS_2025)
    assert not result.has_right
    assert result.lines == ()
    assert result.forms_b == 0
    assert "au moins un enfant mineur" in result.refusal_reason


def test_category_3_with_a_child_uses_the_family_amount():
    case = Case(date(2025, 2, 1), Category.FAMILY, minor_children=2)
    result = calculate(case, parameters=PARAMETERS_2025)
    assert (result.annual, result.monthly) == (D("21312.84"), D("1776.07"))


def test_a_request_in_the_middle_of_the_month_is_paid_for_the_days_covered():
    case = Case(date(2025, 2, 15), Category.ISOLATED)
    result = calculate(case, parameters=PARAMETERS_2025)
    assert (result.days_covered, result.days_in_month) == (14, 28)
    assert result.first_month == D("657.10")  # 1,314.20 × 14/28
    assert result.forms_b == 1  # partial, but no art. 35 income: one form
    assert "Revenu d'intégration du premier mois (14/28 jours)" in line_amounts(result)


def test_a_request_on_the_last_day_covers_one_day():
    result = calculate(Case(date(2024, 12, 31), Category.ISOLATED), parameters=PARAMETERS_2025)
    assert (result.days_covered, result.days_in_month) == (1, 31)


def test_resources_outside_the_covered_days_do_not_count_but_are_shown():
    case = Case(
        date(2025, 2, 10),
        Category.ISOLATED,
        resources=(
            resource(ResourceType.UNEMPLOYMENT, "900", end=date(2025, 2, 9)),
            resource(ResourceType.WORK_ART35, "1500", start=date(2025, 3, 1)),
        ),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    lines = line_amounts(result)
    assert lines["Ressources comptées du mois"] == D("0.00")
    assert lines[
        "Allocations de chômage (Demandeur), par mois — non comptée : hors de la période couverte"
    ] == D("900.00")
    assert result.forms_b == 1  # the art. 35 income starts next month
    assert result.monthly == D("1314.20")


def test_a_resource_that_starts_or_ends_inside_the_covered_days_counts_for_the_month():
    case = Case(
        date(2025, 2, 10),
        Category.ISOLATED,
        resources=(
            resource(ResourceType.UNEMPLOYMENT, "100", end=date(2025, 2, 10)),
            resource(ResourceType.PENSION, "50", start=date(2025, 2, 28)),
        ),
    )
    lines = line_amounts(calculate(case, parameters=PARAMETERS_2025))
    assert lines["Ressources comptées du mois"] == D("150.00")


@pytest.mark.parametrize(
    "kind",
    [ResourceType.FAMILY_ALLOWANCES, ResourceType.CHILD_MAINTENANCE, ResourceType.STUDY_GRANT],
)
def test_fully_exempt_resources_never_count_whoever_receives_them(kind):
    case = Case(
        date(2025, 2, 1),
        Category.FAMILY,
        minor_children=1,
        resources=(
            resource(kind, "500"),
            resource(kind, "5000", owner=Owner.PARTNER),
        ),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    assert result.monthly == D("1776.07")
    assert kind.fully_exempt and not kind.art35_exemption_applies


def test_the_partner_s_resources_count_above_the_cohabitant_rate():
    case = Case(
        date(2025, 2, 1),
        Category.COHABITANT,
        resources=(resource(ResourceType.PENSION, "1000", owner=Owner.PARTNER),),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    lines = line_amounts(result)
    share = "Part des ressources du partenaire au-delà du taux cohabitant, par mois"
    assert lines[share] == D("123.87")  # 1,000 − 876.13
    assert lines["Pension (Partenaire), par mois"] == D("1000.00")
    assert result.first_form_b.partner_annual == D("1486.44")


def test_a_partner_below_the_cohabitant_rate_adds_nothing():
    case = Case(
        date(2025, 2, 1),
        Category.COHABITANT,
        resources=(resource(ResourceType.PENSION, "500", owner=Owner.PARTNER),),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    assert result.annual == D("10513.60")


def test_the_partner_s_resources_do_not_count_when_the_partner_claims_the_ri_himself():
    case = Case(
        date(2025, 2, 1),
        Category.COHABITANT,
        partner_claims_ri=True,
        resources=(resource(ResourceType.PENSION, "3000", owner=Owner.PARTNER),),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    assert result.annual == D("10513.60")
    assert (
        "Pension (Partenaire), par mois — non comptée : le partenaire demande lui-même le revenu "
        "d'intégration" in line_amounts(result)
    )


def relatives_case(*, chosen: bool, persons: int = 2):
    return Case(
        date(2025, 2, 1),
        Category.COHABITANT,
        count_adult_relatives=chosen,
        adult_relatives=persons,
        resources=(
            resource(ResourceType.WORK_ART35, "1200", owner=Owner.ADULT_RELATIVE),
            resource(ResourceType.PENSION, "800", owner=Owner.ADULT_RELATIVE),
        ),
    )


def test_adult_relatives_count_only_when_the_cpas_chooses_to_count_them():
    result = calculate(relatives_case(chosen=False), parameters=PARAMETERS_2025)
    assert result.annual == D("10513.60")
    assert all(
        "non comptée : le CPAS ne les compte pas" in line.label
        for line in result.lines
        if "Ascendant" in line.label
    )


def test_counted_adult_relatives_add_their_sum_above_n_cohabitant_rates_without_art_35():
    result = calculate(relatives_case(chosen=True), parameters=PARAMETERS_2025)
    lines = line_amounts(result)
    share = (
        "Part des ressources des ascendants et descendants majeurs au-delà de 2 × le taux "
        "cohabitant, par mois"
    )
    assert lines[share] == D("247.74")  # 2,000 − 2 × 876.13; no art. 35 exemption
    assert not any(label.startswith("Exonération socio") for label in lines)
    assert result.first_form_b.relatives_annual == D("2972.88")


def test_other_cohabitants_never_count():
    case = Case(
        date(2025, 2, 1),
        Category.COHABITANT,
        resources=(resource(ResourceType.WORK_ART35, "4000", owner=Owner.OTHER),),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    assert result.annual == D("10513.60")
    assert (
        "Revenus professionnels (art. 35) (Autre cohabitant), par mois — non comptée : "
        "autre cohabitant" in line_amounts(result)
    )


def test_the_art_35_exemption_never_exceeds_the_work_income():
    case = Case(
        date(2025, 2, 1),
        Category.ISOLATED,
        resources=(resource(ResourceType.WORK_ART35, "100"),),
    )
    result = calculate(case, parameters=PARAMETERS_2025)
    lines = line_amounts(result)
    assert lines["Exonération socioprofessionnelle (art. 35), par mois"] == D("-100.00")
    assert lines["Ressources comptées du mois"] == D("0.00")
    assert result.first_form_b.art35_annual == D("1200.00")  # gross of the exemption


def test_a_shortage_occupation_replaces_the_art_35_exemption_by_its_own():
    case = Case(
        date(2025, 2, 1),
        Category.ISOLATED,
        shortage_occupation=True,
        resources=(resource(ResourceType.WORK_ART35, "1000"),),
    )
    lines = line_amounts(calculate(case, parameters=PARAMETERS_2025))
    assert lines["Exonération « métier en pénurie », par mois"] == D("-443.52")
    assert lines["Ressources comptées du mois"] == D("556.48")


def test_art_35_income_from_the_first_of_the_month_needs_one_form_b():
    case = Case(
        date(2025, 2, 1),
        Category.ISOLATED,
        resources=(resource(ResourceType.WORK_ART35, "600"),),
    )
    assert calculate(case, parameters=PARAMETERS_2025).forms_b == 1


def test_a_case_refuses_amounts_that_are_not_decimal_and_impossible_periods():
    with pytest.raises(TypeError):
        ResourceLine(ResourceType.OTHER, 12.5)
    with pytest.raises(ValueError):
        ResourceLine(ResourceType.OTHER, D("-1"))
    with pytest.raises(ValueError):
        ResourceLine(ResourceType.OTHER, D("1"), start=date(2025, 2, 2), end=date(2025, 2, 1))
    with pytest.raises(ValueError):
        relatives_case(chosen=True, persons=0)
