"""Registry persons and dossiers for the dossier tests."""

from datetime import date

import pytest

from dossiers.services import dossier_create
from primaweb.addresses import PostalAddress
from registry.models import HouseholdMember, HouseholdRole
from tests.factories import PersonFactory, make_manual_louise

ADDRESS = PostalAddress(
    street="Rue Lambert", house_number="7", box="B", postal_code="3717", locality="Herstappe"
)
ADDRESS_FORM = {
    "street": "Rue Lambert",
    "house_number": "7",
    "box": "B",
    "postal_code": "3717",
    "locality": "Herstappe",
    "country": "Belgique",
}


@pytest.fixture
def louise(db):
    """Louise Delacroix, born 24/03/1997, NISS 974324 051 15 as in the manual, with a household."""
    louise = make_manual_louise()
    address = louise.residential_address
    partner = PersonFactory(
        last_name="Martin",
        first_names="Paul",
        sex="M",
        birth_year=1995,
        birth_month=1,
        birth_day=2,
        residential_address=address,
    )
    louise.partner = partner
    louise.save()
    HouseholdMember.objects.create(
        household=louise.household_membership.household,
        person=partner,
        role=HouseholdRole.SPOUSE,
    )
    return louise


@pytest.fixture
def deceased(db):
    return PersonFactory(
        last_name="Dupont", first_names="Jean", sex="M", death_date=date(2024, 1, 15)
    )


@pytest.fixture
def make_dossier(agent_profile):
    def make(person, *, cpas=None, user=None, origin=None):
        return dossier_create(
            cpas=cpas or agent_profile.cpas,
            person=person,
            address=ADDRESS,
            created_by=user or agent_profile.user,
            origin=origin,
        )

    return make
