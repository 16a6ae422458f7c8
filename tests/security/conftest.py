"""What the insider's CPAS owns for the security tests (a request, a dossier, access-log rows);
the personas who must not reach it are in tests/conftest.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accesslog.models import AccessAction
from accesslog.services import record_consultation
from dossiers.services import dossier_create, shown_for
from instruction.models import ChargeKind, Link, RequestMode, RequestObject
from instruction.services import charge_add, member_save, request_create, resource_add, visit_add
from integration_income.choices import ResourceType
from primaweb.addresses import PostalAddress
from reimbursement.services import forms_prepare
from tests.decisions.builders import make_proposal
from tests.factories import OnlineRequestFactory, PersonFactory
from tests.reimbursement.conftest import decide

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
    dis_request = request_create(
        dossier=dossier,
        received_on=date(2026, 3, 2),
        mode=RequestMode.CPAS_ONLINE,
        object=RequestObject.INTEGRATION_INCOME,
        created_by=agent_profile.user,
    )
    enquiry = dis_request.enquiry
    member = member_save(
        enquiry=enquiry,
        member=None,
        last_name="Secretmember",
        first_names="Zia",
        birth_date=date(1988, 5, 4),
        link=Link.PARTNER,
        cohabiting=True,
        dependent=False,
        claims_integration_income=False,
    )
    decision = decide(dis_request, agent_profile.user)
    (form,) = forms_prepare(decision=decision)
    resource = resource_add(
        enquiry=enquiry,
        member=member,
        type=ResourceType.UNEMPLOYMENT,
        monthly_net=Decimal("900.00"),
        starts_on=None,
        ends_on=None,
    )
    # A proposal to the session of 10/03/2026 that waits for its decision.
    proposal = make_proposal(dis_request, agent_profile.user, session_date=date(2026, 3, 10))
    return {
        "decision": decision,
        "form": form,
        "cpas": cpas,
        "person": person,
        "request": request,
        "dossier": dossier,
        "dis_request": dis_request,
        "member": member,
        "resource": resource,
        "charge": charge_add(
            enquiry=enquiry, kind=ChargeKind.CHARGE, label="Loyer", monthly_amount=Decimal("500")
        ),
        "visit": visit_add(enquiry=enquiry, visited_on=date(2026, 3, 5), finding="Logement sain"),
        "proposal": proposal,
    }


def pytest_terminal_summary(terminalreporter):
    from tests.security.hostile import CASES

    if CASES["run"]:
        terminalreporter.write_line(f"hostile input: {CASES['run']} generated requests checked")
