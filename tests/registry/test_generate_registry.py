import io

import pytest
from django.core.management import call_command
from stdnum.be import ssn

from registry.models import HouseholdMember, Person, Register

pytestmark = pytest.mark.django_db


def generate(count, seed=7):
    call_command(
        "generate_registry", count=count, seed=seed, no_progress=True, stdout=io.StringIO()
    )


def test_it_generates_valid_unique_numbers_and_households():
    generate(3000)
    persons = list(Person.objects.all())
    assert len(persons) == 3000
    assert all(ssn.is_valid(person.niss) for person in persons)
    assert Person.objects.filter(register=Register.BIS).exists()
    assert HouseholdMember.objects.count() > 1000
    couple = Person.objects.exclude(partner=None).select_related("partner").first()
    assert couple.partner.partner_id == couple.pk
    assert couple.residential_address_id == couple.partner.residential_address_id


def test_it_is_deterministic_and_running_it_twice_adds_nothing():
    generate(500)
    first = sorted(Person.objects.values_list("niss", "last_name", "first_names"))
    generate(500)
    assert Person.objects.count() == 500
    assert sorted(Person.objects.values_list("niss", "last_name", "first_names")) == first
