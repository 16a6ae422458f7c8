"""Agents are found by a keyed hash of their national number, and the provider's roles become
profiles through the replaceable parser."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from primaweb.fas.claims import profiles_from_claims, sync_profiles
from primaweb.fas.config import LEVEL_PREFIX, accepted_levels
from primaweb.fas.identity import find_agent, nrn_digest, register_agent
from primaweb.models import FederalIdentity, Profile
from tests.fas.conftest import AGENT_NRN, OTHER_NRN

pytestmark = pytest.mark.django_db


def test_the_national_number_is_stored_only_as_a_keyed_hash(cpas):
    user = register_agent(
        national_number="850730 033 28",
        first_name="Sophie",
        last_name="Lambert",
        cpas=cpas,
        role="agent_social",
    )
    identity = FederalIdentity.objects.get(user=user)
    assert identity.nrn_digest == nrn_digest(AGENT_NRN)
    assert AGENT_NRN not in identity.nrn_digest and AGENT_NRN not in user.username
    assert not user.has_usable_password()
    assert find_agent(AGENT_NRN) == user
    assert find_agent(OTHER_NRN) is None


def test_another_key_gives_another_hash_and_finds_nobody(cpas, settings):
    register_agent(national_number=AGENT_NRN, first_name="S", last_name="L")
    digest = nrn_digest(AGENT_NRN)
    settings.FAS_NRN_KEY = "another-key"
    assert nrn_digest(AGENT_NRN) != digest
    assert find_agent(AGENT_NRN) is None


def test_registering_twice_adds_a_profile_to_the_same_account(cpas, other_cpas):
    first = register_agent(
        national_number=AGENT_NRN, first_name="S", last_name="L", cpas=cpas, role="agent_social"
    )
    second = register_agent(
        national_number=AGENT_NRN,
        first_name="S",
        last_name="L",
        cpas=other_cpas,
        role="agent_social",
    )
    assert first == second
    assert Profile.objects.filter(user=first).count() == 2


def test_an_invalid_national_number_is_not_registered():
    with pytest.raises(ValidationError):
        register_agent(national_number="85073003329", first_name="S", last_name="L")
    assert FederalIdentity.objects.count() == 0


def test_the_command_registers_an_agent_in_a_cpas_found_by_its_bce(cpas):
    out = io.StringIO()
    call_command(
        "register_agent", AGENT_NRN, "--cpas", cpas.bce_number, "--last-name", "L", stdout=out
    )
    user = find_agent(AGENT_NRN)
    assert [(p.cpas, p.role) for p in user.profiles.all()] == [(cpas, "agent_social")]
    assert AGENT_NRN not in out.getvalue()


def test_the_command_links_an_existing_account(agent_profile):
    call_command("register_agent", AGENT_NRN, "--username", "agent", stdout=io.StringIO())
    assert find_agent(AGENT_NRN) == agent_profile.user


def test_the_command_refuses_a_bad_number_or_an_unknown_cpas(cpas):
    with pytest.raises(CommandError, match="invalide"):
        call_command("register_agent", "123", stdout=io.StringIO())
    with pytest.raises(CommandError, match="BCE"):
        call_command("register_agent", AGENT_NRN, "--cpas", "0216354045", stdout=io.StringIO())


def test_levels_at_or_below_200_are_never_accepted(settings):
    settings.FAS_ACCEPTED_LEVELS = [f"{LEVEL_PREFIX}{n}" for n in (500, 200, 100)] + ["junk"]
    assert accepted_levels() == {f"{LEVEL_PREFIX}500"}


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({}, None),
        ({"roles": []}, []),
        (
            {"roles": ["agent_social"], "enterprise": "0216.354.045"},
            [("0216354045", "agent_social")],
        ),
        (
            {"roles": "admin_cpas", "enterprise": [{"enterpriseNumber": "0216354045"}]},
            [("0216354045", "admin_cpas")],
        ),
        (
            {"roles": ["agent_social:0216354045", "inconnu:0216354045"]},
            [("0216354045", "agent_social")],
        ),
        ({"roles": ["agent_social"], "enterprise": "0216354046"}, []),  # bad check digits
        ({"roles": ["agent_social"]}, []),  # no enterprise to apply it to
    ],
)
def test_the_default_parser_reads_roles_and_enterprises(claims, expected):
    assert profiles_from_claims(claims) == expected


def test_the_parser_is_replaceable_by_a_setting(client, settings, cpas):
    from primaweb.fas.claims import parse_profiles

    settings.FAS_CLAIMS_PARSER = "tests.fas.test_identity_and_claims.everyone_admin"
    assert parse_profiles({"x": 1}) == [("0216354045", "admin_cpas")]


def everyone_admin(claims):
    return [("0216354045", "admin_cpas")]


def test_sync_keeps_exactly_the_profiles_named_and_ignores_unknown_cpas(agent_profile, other_cpas):
    user = agent_profile.user
    sync_profiles(user, [(other_cpas.bce_number, "admin_cpas"), ("0216354045", "agent_social")])
    assert [(p.cpas, p.role) for p in user.profiles.all()] == [(other_cpas, "admin_cpas")]
