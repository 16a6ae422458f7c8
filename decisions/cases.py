"""From the social enquiry's facts to the RI calculation's case, and back to JSON.

Pure functions (no database): the forms and the views pass the facts read by
`instruction.selectors.enquiry_facts` and get the category the household suggests, the
`integration_income.calculation.Case` to calculate, and the snapshot a proposal keeps.
"""

from __future__ import annotations

from datetime import date

from instruction.models import Link
from instruction.selectors import EnquiryFacts
from integration_income.calculation import Calculation, Case, ResourceLine
from integration_income.choices import Category, Owner
from integration_income.parameters import Parameters


def dependent_minor_children(facts: EnquiryFacts) -> int:
    """Unmarried minor children living with the applicant and dependent on him or her: what
    category 3 requires (dis.md §1.5). The enquiry's « enfant mineur » link is the agent's
    finding at the request's date."""
    return sum(
        1
        for member in facts.members
        if member.link == Link.MINOR_CHILD and member.cohabiting and member.dependent
    )


def household_category(facts: EnquiryFacts) -> Category:
    """The category the facts suggest: 3 with a dependent minor child, 1 when the applicant
    lives with someone, else 2 (isolé). The agent may choose another with a written reason."""
    if dependent_minor_children(facts):
        return Category.FAMILY
    if any(member.cohabiting for member in facts.members):
        return Category.COHABITANT
    return Category.ISOLATED


def resource_owner(resource) -> Owner:
    """Whose resource it is for the calculation. A member who does not live with the applicant
    is no cohabitant: his or her resources are shown, never counted."""
    member = resource.member
    if member is not None and not member.cohabiting:
        return Owner.OTHER
    return resource.owner


def case_for(
    facts: EnquiryFacts, *, day: date, category: Category, count_adult_relatives: bool
) -> Case:
    resources = tuple(
        ResourceLine(
            type=resource.type,
            monthly=resource.monthly_net,
            start=resource.starts_on,
            end=resource.ends_on,
            owner=resource_owner(resource),
        )
        for resource in facts.resources
    )
    # Their part is their resources minus one cohabitant rate per person (dis.md §1.7).
    relatives = {
        resource.member_id
        for resource in facts.resources
        if resource_owner(resource) == Owner.ADULT_RELATIVE
    }
    return Case(
        date=day,
        category=category,
        resources=resources,
        minor_children=dependent_minor_children(facts),
        count_adult_relatives=count_adult_relatives,
        partner_claims_ri=any(
            member.link == Link.PARTNER and member.cohabiting and member.claims_integration_income
            for member in facts.members
        ),
        adult_relatives=len(relatives),
    )


def calculation_snapshot(calculation: Calculation, *, day: date, parameters: Parameters) -> dict:
    """The calculation as a proposal and its decision keep it (JSON): every line as the agent
    read it, the figures, and the dates of the amounts it used."""
    form_b = calculation.first_form_b
    return {
        "date": day.isoformat(),
        "category": int(calculation.category),
        "annual": str(calculation.annual),
        "monthly": str(calculation.monthly),
        "first_month": str(calculation.first_month),
        "days_covered": calculation.days_covered,
        "days_in_month": calculation.days_in_month,
        "forms_b": calculation.forms_b,
        "has_right": calculation.has_right,
        "refusal_reason": calculation.refusal_reason,
        "amounts_from": parameters.amounts_from.isoformat(),
        "exemptions_from": parameters.exemptions_from.isoformat(),
        "lines": [{"label": line.label, "amount": str(line.amount)} for line in calculation.lines],
        "first_form_b": {
            "art35_annual": str(form_b.art35_annual),
            "resources_annual": [
                [str(kind), str(amount)] for kind, amount in form_b.resources_annual
            ],
            "partner_annual": str(form_b.partner_annual),
            "relatives_annual": str(form_b.relatives_annual),
            "claimed_annual": str(form_b.claimed_annual),
        },
    }
