"""Reads of the instruction: the facts of an enquiry, as the pages and the proposals use them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from instruction.models import (
    Charge,
    ChargeKind,
    HomeVisit,
    HouseholdMember,
    Link,
    Resource,
    SocialEnquiry,
)


@dataclass(frozen=True)
class EnquiryFacts:
    members: list[HouseholdMember]
    resources: list[Resource]
    charges: list[Charge]
    visits: list[HomeVisit]

    @property
    def minor_children(self) -> int:
        return sum(
            1 for member in self.members if member.link == Link.MINOR_CHILD and member.cohabiting
        )

    @property
    def monthly_charges(self) -> Decimal:
        return sum(
            (c.monthly_amount for c in self.charges if c.kind == ChargeKind.CHARGE), Decimal("0.00")
        )

    @property
    def monthly_debts(self) -> Decimal:
        return sum(
            (c.monthly_amount for c in self.charges if c.kind == ChargeKind.DEBT), Decimal("0.00")
        )


def enquiry_facts(enquiry: SocialEnquiry) -> EnquiryFacts:
    """Four queries, whatever the number of members and resources."""
    return EnquiryFacts(
        members=list(enquiry.members.select_related("person")),
        resources=list(enquiry.resources.select_related("member")),
        charges=list(enquiry.charges.all()),
        visits=list(enquiry.visits.all()),
    )


def facts_snapshot(facts: EnquiryFacts) -> dict:
    """The facts as a proposal keeps them (JSON): what the calculation was based on."""
    return {
        "members": [
            {
                "name": str(member),
                "birth_date": member.birth_date.isoformat() if member.birth_date else None,
                "link": member.link,
                "cohabiting": member.cohabiting,
                "dependent": member.dependent,
                "claims_integration_income": member.claims_integration_income,
            }
            for member in facts.members
        ],
        "resources": [
            {
                "owner": resource.owner.value,
                "member": str(resource.member) if resource.member_id else None,
                "type": resource.type,
                "monthly_net": str(resource.monthly_net),
                "from": resource.starts_on.isoformat() if resource.starts_on else None,
                "to": resource.ends_on.isoformat() if resource.ends_on else None,
            }
            for resource in facts.resources
        ],
        "charges": [
            {"kind": c.kind, "label": c.label, "monthly_amount": str(c.monthly_amount)}
            for c in facts.charges
        ],
        "visits": [{"date": v.visited_on.isoformat(), "finding": v.finding} for v in facts.visits],
    }
