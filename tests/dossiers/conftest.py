"""Registry persons and dossiers for the dossier tests."""

from datetime import date

import pytest

from dossiers.services import EffectiveAddress, dossier_create
from registry.models import Household, HouseholdMember, HouseholdRole
from tests.factories import AddressFactory, PersonFactory

ADDRESS = EffectiveAddress(
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
    address = AddressFactory(street="Rue de l'Église", house_number="12", postal_code="3717")
    louise = PersonFactory(
        niss="97432405115",
        last_name="Delacroix",
        first_names="Louise Marie",
        sex="F",
        birth_year=1997,
        birth_month=3,
        birth_day=24,
        birth_place="Etterbeek",
        nationality="Belgique",
        civil_status="marie",
        civil_status_since=date(2020, 9, 5),
        residential_address=address,
    )
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
    household = Household.objects.create(address=address)
    HouseholdMember.objects.create(household=household, person=louise, role=HouseholdRole.HEAD)
    HouseholdMember.objects.create(household=household, person=partner, role=HouseholdRole.SPOUSE)
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
