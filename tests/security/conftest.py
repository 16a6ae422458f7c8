"""Two CPAS worth of data for the security tests: what the insider's CPAS owns (a request, a
dossier, access-log rows) and the personas who must not reach it."""

from __future__ import annotations

import pytest
from django.test import Client

from accesslog.models import AccessAction
from accesslog.services import record_consultation
from dossiers.services import EffectiveAddress, dossier_create, shown_for
from primaweb.models import Role
from tests.conftest import login_with_profile
from tests.factories import OnlineRequestFactory, PersonFactory, ProfileFactory

ADDRESS = EffectiveAddress(
    street="Rue Lambert", house_number="7", box="B", postal_code="3717", locality="Herstappe"
)


@pytest.fixture
def outsider_admin_profile(other_cpas):
    return ProfileFactory(cpas=other_cpas, role=Role.CPAS_ADMIN, user__username="outsider-chef")


@pytest.fixture
def outsider_admin_client(outsider_admin_profile):
    return login_with_profile(Client(), outsider_admin_profile)


@pytest.fixture
def no_profile_selected_client(agent_profile):
    """The insider agent, logged in, who has not chosen a role yet."""
    client = Client()
    client.force_login(agent_profile.user)
    return client


@pytest.fixture
def insider_world(agent_profile):
    """What the agent's CPAS (Herstappe) owns, with markers that must never leak."""
    cpas = agent_profile.cpas
    person = PersonFactory(last_name="Secretinsider", first_names="Zoé", birth_year=1990)
    request = OnlineRequestFactory(
        cpas=cpas, reference="SECRETREF123", last_name="Requestinsider", first_name="Zélie"
    )
    dossier = dossier_create(
        cpas=cpas,
        person=person,
        address=ADDRESS,
        created_by=agent_profile.user,
        origin=request,
        role=agent_profile.role,
    )
    record_consultation(
        user=agent_profile.user,
        cpas=cpas,
        role=agent_profile.role,
        action=AccessAction.DOSSIER_PAGE,
        niss_shown=[person.niss],
        shown=shown_for(dossier=dossier, origin=request),
    )
    return {"cpas": cpas, "person": person, "request": request, "dossier": dossier}


def pytest_terminal_summary(terminalreporter):
    from tests.security.hostile import CASES

    if CASES["run"]:
        terminalreporter.write_line(f"hostile input: {CASES['run']} generated requests checked")
