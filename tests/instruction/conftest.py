"""A dossier of the agent's CPAS (Louise, with her partner Paul and their daughter Léa in the
registry's household) and a DIS request for it."""

from datetime import date

import pytest

from dossiers.services import dossier_create
from instruction.models import RequestMode, RequestObject
from instruction.services import request_create
from primaweb.addresses import PostalAddress
from registry.models import HouseholdMember, HouseholdRole
from tests.factories import PersonFactory, make_manual_louise

ADDRESS = PostalAddress(
    street="Rue Lambert", house_number="7", box="B", postal_code="3717", locality="Herstappe"
)


@pytest.fixture
def louise(db):
    louise = make_manual_louise()
    household = louise.household_membership.household
    paul = PersonFactory(
        last_name="Martin", first_names="Paul", sex="M", birth_year=1995, birth_month=1, birth_day=2
    )
    lea = PersonFactory(
        last_name="Martin", first_names="Léa", sex="F", birth_year=2019, birth_month=6, birth_day=9
    )
    HouseholdMember.objects.create(household=household, person=paul, role=HouseholdRole.SPOUSE)
    HouseholdMember.objects.create(household=household, person=lea, role=HouseholdRole.CHILD)
    return louise


@pytest.fixture
def dossier(louise, agent_profile):
    return dossier_create(
        cpas=agent_profile.cpas,
        person=louise,
        address=ADDRESS,
        created_by=agent_profile.user,
        role=agent_profile.role,
    )


@pytest.fixture
def dis_request(dossier, agent_profile):
    return request_create(
        dossier=dossier,
        received_on=date(2026, 3, 2),
        mode=RequestMode.WRITTEN,
        object=RequestObject.INTEGRATION_INCOME,
        created_by=agent_profile.user,
    )
