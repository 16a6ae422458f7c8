import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from registry.models import Address, Person, Register
from registry.niss import niss_check_digits
from requests_online import services
from requests_online.forms import CitizenRequestForm
from requests_online.models import OnlineRequest
from requests_online.services import (
    generate_reference,
    request_mark_read,
    request_mark_unread,
    request_submit,
    route_to_cpas,
)
from tests.factories import OnlineRequestFactory
from tests.requests_online.test_citizen_form import valid_data as citizen_form_data

pytestmark = pytest.mark.django_db

NISS = "800615123" + niss_check_digits("800615123", born_after_1999=False)


def submission(**overrides):
    data = {
        "first_name": "Louise",
        "last_name": "Delacroix",
        "birth_date": None,
        "niss": "",
        "email": "Louise@hotmail.be",
        "phone": "0484567862",
        "street": "",
        "house_number": "",
        "box": "",
        "postal_code": "3717",
        "locality": "Herstappe",
        "nature": "energie",
        "description": "Test",
        "lives_at_residence": "oui",
        "is_student": "",
        "in_facility": "",
    }
    data.update(overrides)
    return data


def registry_person():
    address = Address.objects.create(
        street="Rue de l'Église", house_number="12", postal_code="3717", locality="Herstappe"
    )
    return Person.objects.create(
        niss=NISS,
        last_name="DELACROIX",
        first_names="Louise Marie",
        sex="F",
        birth_year=1980,
        birth_month=6,
        birth_day=15,
        register=Register.POPULATION,
        reference_address=address,
    )


def test_the_reference_is_twelve_upper_case_letters_and_digits():
    references = {generate_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(re.fullmatch(r"[A-Z0-9]{12}", ref) for ref in references)


def test_it_routes_by_postal_code_to_the_municipality_s_cpas(cpas, other_cpas):
    assert route_to_cpas(postal_code="3717", locality="Herstappe") == cpas
    assert route_to_cpas(postal_code=" 4000 ", locality="") == other_cpas
    with pytest.raises(ValidationError):
        route_to_cpas(postal_code="9999", locality="Nulle part")


def test_it_saves_the_request_for_today_in_brussels(cpas):
    online_request = request_submit(data=submission(), cpas=cpas, client_ip="192.0.2.1")
    assert online_request.cpas == cpas
    assert online_request.submitted_on == timezone.localdate()
    assert online_request.read_at is None
    assert online_request.client_ip == "192.0.2.1"
    assert not online_request.from_registry


def test_a_late_evening_submission_is_dated_in_brussels_not_utc(cpas):
    # 23:30 UTC on 31 December is already 1 January in Brussels.
    moment = datetime(2024, 12, 31, 23, 30, tzinfo=UTC)
    online_request = request_submit(
        data=submission(), cpas=cpas, client_ip=None, submitted_at=moment
    )
    assert online_request.submitted_on.isoformat() == "2025-01-01"


def test_the_form_routes_once_and_hands_the_competent_cpas_to_the_service(
    cpas, other_cpas, monkeypatch
):
    from requests_online import forms

    calls = []
    real = forms.route_to_cpas
    monkeypatch.setattr(forms, "route_to_cpas", lambda **kw: calls.append(kw) or real(**kw))
    monkeypatch.setattr(services, "route_to_cpas", lambda **kw: pytest.fail("routed twice"))
    form = CitizenRequestForm(citizen_form_data(postal_code="4000", locality="Liège"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cpas"] == other_cpas
    online_request = request_submit(
        data=form.cleaned_data, cpas=form.cleaned_data["cpas"], client_ip=None
    )
    assert online_request.cpas == other_cpas
    assert len(calls) == 1


def test_an_address_outside_the_known_cpas_is_refused_on_the_postal_code(cpas):
    form = CitizenRequestForm(citizen_form_data(postal_code="8000", locality="Brugge"))
    assert not form.is_valid()
    assert "postal_code" in form.errors
    assert "cpas" not in form.cleaned_data


def test_it_draws_another_reference_after_a_collision(cpas, monkeypatch):
    OnlineRequestFactory(cpas=cpas, reference="AAAAAAAAAAAA")
    drawn = iter(["AAAAAAAAAAAA", "BBBBBBBBBBBB"])
    monkeypatch.setattr(services, "generate_reference", lambda: next(drawn))
    online_request = request_submit(data=submission(), cpas=cpas, client_ip=None)
    assert online_request.reference == "BBBBBBBBBBBB"


def test_references_are_unique_in_the_database(cpas):
    OnlineRequestFactory(cpas=cpas, reference="CCCCCCCCCCCC")
    with pytest.raises(IntegrityError):
        OnlineRequestFactory(cpas=cpas, reference="CCCCCCCCCCCC")


def test_a_niss_found_in_the_registry_stores_a_snapshot_of_its_data(cpas):
    person = registry_person()
    online_request = request_submit(
        data=submission(niss=NISS, first_name="Louisa"), cpas=cpas, client_ip=None
    )
    assert online_request.person == person
    assert online_request.registry_niss == NISS
    assert online_request.registry_birth_date == "15/06/1980"
    assert online_request.registry_register == Register.POPULATION
    assert online_request.registry_reference_address.startswith("Rue de l'Église 12")
    # What the applicant typed is kept as given.
    assert online_request.first_name == "Louisa"
    assert online_request.niss == NISS
    assert online_request.from_registry

    # A snapshot: later registry changes do not rewrite the request.
    person.register = Register.FOREIGNERS
    person.save()
    person.delete()
    online_request.refresh_from_db()
    assert online_request.person is None
    assert online_request.registry_register == Register.POPULATION


def test_a_niss_unknown_to_the_registry_keeps_only_what_the_applicant_gave(cpas):
    online_request = request_submit(data=submission(niss=NISS), cpas=cpas, client_ip=None)
    assert online_request.niss == NISS
    assert online_request.person is None
    assert online_request.registry_niss == ""
    assert not online_request.from_registry


def test_it_marks_the_request_read_with_who_and_when(online_request, agent_profile):
    assert request_mark_read(online_request=online_request, agent=agent_profile.user)
    online_request.refresh_from_db()
    assert online_request.read_by == agent_profile.user
    assert online_request.read_at is not None


def test_marking_read_twice_keeps_the_first_reader_and_time(
    online_request, agent_profile, colleague_profile
):
    request_mark_read(online_request=online_request, agent=agent_profile.user)
    first_time = online_request.read_at
    # A stale copy, as a concurrent click would hold.
    stale = OnlineRequest.objects.get(pk=online_request.pk)
    stale.read_at = None
    assert not request_mark_read(online_request=stale, agent=colleague_profile.user)
    online_request.refresh_from_db()
    assert online_request.read_by == agent_profile.user
    assert online_request.read_at == first_time


def test_it_marks_the_request_unread_again(online_request, agent_profile):
    request_mark_read(online_request=online_request, agent=agent_profile.user)
    assert request_mark_unread(online_request=online_request, agent=agent_profile.user)
    online_request.refresh_from_db()
    assert online_request.read_at is None
    assert online_request.read_by is None
