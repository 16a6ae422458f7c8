"""What the insider's CPAS owns for the security tests (a request, a dossier, access-log rows);
the personas who must not reach it are in tests/conftest.py."""

from __future__ import annotations

import pytest

from accesslog.models import AccessAction
from accesslog.services import record_consultation
from dossiers.services import dossier_create, shown_for
from primaweb.addresses import PostalAddress
from tests.factories import OnlineRequestFactory, PersonFactory

ADDRESS = PostalAddress(
    street="Rue Lambert", house_number="7", box="B", postal_code="3717", locality="Herstappe"
)


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
