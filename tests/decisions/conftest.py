"""Camille Dubois, 25, lives with her parents (the registry's household) and gets 300 € a month
from them: the BDAS example of dis.md §6.6 (2), a cohabitant at 01/02/2025. Her request, its
enquiry, a proposal and a decision are built through the services the pages call; the labour
tribunal of the agent's CPAS is set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from decisions.models import CpasTribunal, LabourTribunal
from dossiers.services import dossier_create
from instruction.models import RequestMode, RequestObject
from instruction.services import request_create, resource_add
from integration_income.choices import ResourceType
from primaweb.addresses import PostalAddress
from registry.models import Household, HouseholdMember, HouseholdRole
from tests.decisions.builders import make_proposal, record
from tests.factories import AddressFactory, PersonFactory

ADDRESS = PostalAddress(
    street="Rue Lambert", house_number="7", box="B", postal_code="3717", locality="Herstappe"
)
RECEIVED = date(2025, 2, 1)


@pytest.fixture
def camille(db):
    address = AddressFactory(street="Rue Lambert", house_number="7", postal_code="3717")
    camille = PersonFactory(
        last_name="Dubois",
        first_names="Camille",
        birth_year=2000,
        birth_month=6,
        birth_day=15,
        residential_address=address,
    )
    household = Household.objects.create(address=address)
    HouseholdMember.objects.create(household=household, person=camille, role=HouseholdRole.CHILD)
    for first_names, sex, year in (("Marc", "M", 1968), ("Anne", "F", 1970)):
        parent = PersonFactory(
            last_name="Dubois",
            first_names=first_names,
            sex=sex,
            birth_year=year,
            birth_month=2,
            birth_day=3,
            residential_address=address,
        )
        HouseholdMember.objects.create(
            household=household, person=parent, role=HouseholdRole.PARENT
        )
    return camille


@pytest.fixture
def dossier(camille, agent_profile):
    return dossier_create(
        cpas=agent_profile.cpas,
        person=camille,
        address=ADDRESS,
        created_by=agent_profile.user,
        role=agent_profile.role,
    )


@pytest.fixture
def dis_request(dossier, agent_profile):
    """Received on 01/02/2025; the enquiry found 300 € a month given by her parents."""
    dis_request = request_create(
        dossier=dossier,
        received_on=RECEIVED,
        mode=RequestMode.WRITTEN,
        object=RequestObject.INTEGRATION_INCOME,
        created_by=agent_profile.user,
    )
    resource_add(
        enquiry=dis_request.enquiry,
        member=None,
        type=ResourceType.OTHER,
        monthly_net=Decimal("300.00"),
        starts_on=None,
        ends_on=None,
    )
    return dis_request


@pytest.fixture
def tribunal(cpas):
    tribunal = LabourTribunal.objects.create(
        name="Tribunal du travail de Liège, division Liège",
        street="Place Saint-Lambert",
        house_number="30",
        postal_code="4000",
        locality="Liège",
    )
    CpasTribunal.objects.create(cpas=cpas, tribunal=tribunal)
    return tribunal


@pytest.fixture
def proposal(dis_request, agent_profile):
    return make_proposal(dis_request, agent_profile.user)


@pytest.fixture
def decision(proposal, agent_profile):
    return record(proposal, agent_profile.user)
