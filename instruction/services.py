"""Writes of the instruction: the request and its register number, the enquiry's facts.

Keyword-only and typed: the forms have validated everything (dates within bounds and not in the
future, amounts not negative, periods in order, the member belonging to the enquiry). The
database still refuses what must never be stored (check constraints, the register's unique
number); the counter row is locked while it is incremented.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dossiers.models import Dossier, DossierStage
from instruction.ages import ADULT_AGE, age_on
from instruction.models import (
    Charge,
    DisRequest,
    HomeVisit,
    HouseholdMember,
    Link,
    RequestCounter,
    RequestMode,
    Resource,
    SocialEnquiry,
)
from registry.models import HouseholdRole


def next_register_sequence(*, cpas, year: int) -> int:
    """The next number of the CPAS's « Registre des demandes » for `year`; inside a
    transaction, the counter row stays locked until it commits (never twice, never reused)."""
    counter, _created = RequestCounter.objects.select_for_update().get_or_create(
        cpas=cpas, year=year
    )
    counter.last_value += 1
    counter.save(update_fields=["last_value"])
    return counter.last_value


def link_from_registry(role: str, birth: date | None, day: date) -> Link:
    """The register's household role as a first guess of the link; the agent corrects it."""
    if role in (HouseholdRole.SPOUSE, HouseholdRole.PARTNER):
        return Link.PARTNER
    if role == HouseholdRole.CHILD:
        age = age_on(birth, day)
        return Link.MINOR_CHILD if age is not None and age < ADULT_AGE else Link.ADULT_CHILD
    if role == HouseholdRole.PARENT:
        return Link.PARENT
    return Link.OTHER


def registry_household(dossier: Dossier, day: date) -> list[HouseholdMember]:
    """The applicant's registry household, the applicant left out, as unsaved members."""
    membership = getattr(dossier.person, "household_membership", None)
    if membership is None:
        return []
    members = []
    others = membership.household.members.select_related("person").exclude(
        person_id=dossier.person_id
    )
    for registry_member in others.order_by("person__birth_year", "person__pk"):
        person = registry_member.person
        partial = person.birth_date
        # A partly unknown birth date stays empty: the agent types the one on the papers.
        birth = partial.earliest if partial.month and partial.day else None
        link = link_from_registry(registry_member.role, birth, day)
        members.append(
            HouseholdMember(
                person=person,
                last_name=person.last_name,
                first_names=person.first_names,
                birth_date=birth,
                link=link,
                cohabiting=True,
                dependent=link == Link.MINOR_CHILD,
            )
        )
    return members


@transaction.atomic
def request_create(
    *,
    dossier: Dossier,
    received_on: date,
    mode: str,
    object: str,  # noqa: A002 (the manual's word: « objet de la demande »)
    created_by,
) -> DisRequest:
    """Registers a request of the dossier's CPAS, opens its social enquiry with the registry's
    household, and puts the dossier « En instruction ». A request made through CPAS Online is
    linked to the dossier's origin request."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    year = received_on.year
    request = DisRequest.objects.create(
        cpas_id=dossier.cpas_id,
        dossier=dossier,
        year=year,
        sequence=next_register_sequence(cpas=dossier.cpas, year=year),
        received_on=received_on,
        mode=mode,
        object=object,
        online_request_id=dossier.origin_request_id if mode == RequestMode.CPAS_ONLINE else None,
        created_by=created_by,
    )
    enquiry = SocialEnquiry.objects.create(request=request, social_worker=created_by)
    members = registry_household(dossier, received_on)
    for member in members:
        member.enquiry = enquiry
    HouseholdMember.objects.bulk_create(members)
    if dossier.stage != DossierStage.TO_NOTIFY:
        Dossier.objects.filter(pk=dossier.pk).update(stage=DossierStage.INSTRUCTION)
    return request


def _touch(enquiry: SocialEnquiry) -> None:
    SocialEnquiry.objects.filter(pk=enquiry.pk).update(updated_at=timezone.now())


def enquiry_update(*, enquiry: SocialEnquiry, social_worker, social_report: str) -> None:
    SocialEnquiry.objects.filter(pk=enquiry.pk).update(
        social_worker=social_worker, social_report=social_report, updated_at=timezone.now()
    )


def member_save(
    *,
    enquiry: SocialEnquiry,
    member: HouseholdMember | None,
    last_name: str,
    first_names: str,
    birth_date: date | None,
    link: str,
    cohabiting: bool,
    dependent: bool,
    claims_integration_income: bool,
) -> HouseholdMember:
    """Adds a member (`member` None) or corrects one of this enquiry."""
    if member is None:
        member = HouseholdMember(enquiry=enquiry)
    member.last_name = last_name
    member.first_names = first_names
    member.birth_date = birth_date
    member.link = link
    member.cohabiting = cohabiting
    member.dependent = dependent
    member.claims_integration_income = claims_integration_income
    member.save()
    _touch(enquiry)
    return member


def member_delete(*, member: HouseholdMember) -> None:
    enquiry = member.enquiry
    member.delete()  # the member's resources go with it
    _touch(enquiry)


def resource_add(
    *,
    enquiry: SocialEnquiry,
    member: HouseholdMember | None,
    type: str,  # noqa: A002
    monthly_net: Decimal,
    starts_on: date | None,
    ends_on: date | None,
) -> Resource:
    resource = Resource.objects.create(
        enquiry=enquiry,
        member=member,
        type=type,
        monthly_net=monthly_net,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _touch(enquiry)
    return resource


def charge_add(*, enquiry: SocialEnquiry, kind: str, label: str, monthly_amount: Decimal) -> Charge:
    charge = Charge.objects.create(
        enquiry=enquiry, kind=kind, label=label, monthly_amount=monthly_amount
    )
    _touch(enquiry)
    return charge


def visit_add(*, enquiry: SocialEnquiry, visited_on: date, finding: str) -> HomeVisit:
    visit = HomeVisit.objects.create(enquiry=enquiry, visited_on=visited_on, finding=finding)
    _touch(enquiry)
    return visit


def fact_delete(*, fact: Resource | Charge | HomeVisit) -> None:
    enquiry = fact.enquiry
    fact.delete()
    _touch(enquiry)
