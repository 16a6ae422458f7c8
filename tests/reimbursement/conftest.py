"""Decisions of the agent's CPAS to report: built through the instruction and the Council's
services, as an agent would, with the SPP IS simulator answering at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from decisions.cases import case_for, household_category
from decisions.models import Organ
from decisions.services import decision_record, proposal_create
from instruction.selectors import enquiry_facts
from instruction.services import resource_add
from integration_income.calculation import calculate
from integration_income.choices import ResourceType
from integration_income.selectors import parameters_at
from tests.instruction.conftest import dis_request, dossier, louise  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def simulator_answers_at_once(settings):
    settings.SPPIS_PROCESS_NOW = True


def decide(
    dis_request,  # noqa: F811
    user,
    *,
    type="octroi",  # noqa: A002
    right_from=date(2026, 3, 2),
    session_date=date(2026, 3, 20),
    revises=None,
):
    facts = enquiry_facts(dis_request.enquiry)
    category = household_category(facts)
    parameters = parameters_at(right_from)
    case = case_for(facts, day=right_from, category=category, count_adult_relatives=False)
    calculation = calculate(case, parameters=parameters)
    proposal = proposal_create(
        dis_request=dis_request,
        facts=facts,
        calculation=calculation,
        parameters=parameters,
        right_from=right_from,
        category=category,
        category_override_reason="",
        count_adult_relatives=False,
        type="octroi" if type in ("octroi", "revision") else "refus",
        session_date=session_date,
        organ=Organ.COUNCIL,
        motivation="Proposition",
        created_by=user,
    )
    grants = type in ("octroi", "revision")
    return decision_record(
        proposal=proposal,
        type=type,
        session_date=session_date,
        organ=Organ.COUNCIL,
        starts_on=right_from,
        ends_on=None,
        category=category,
        annual_amount=calculation.annual if grants else Decimal("0"),
        monthly_amount=calculation.monthly if grants else Decimal("0"),
        first_month_amount=calculation.first_month if grants else Decimal("0"),
        amounts_adjustment_motivation="",
        legal_motivation="Loi du 26 mai 2002, art. 14.",
        factual_motivation="Ressources insuffisantes.",
        piis="obligatoire" if grants else "",
        revises=revises,
        recorded_by=user,
    )


@pytest.fixture
def grant(dis_request, agent_profile):  # noqa: F811
    """Louise, with Paul and Léa (category 3), Paul earning 1.000 € of unemployment benefit."""
    paul = dis_request.enquiry.members.get(first_names="Paul")
    resource_add(
        enquiry=dis_request.enquiry,
        member=paul,
        type=ResourceType.UNEMPLOYMENT,
        monthly_net=Decimal("1000.00"),
        starts_on=None,
        ends_on=None,
    )
    return decide(dis_request, agent_profile.user)


@pytest.fixture
def refusal(dis_request, agent_profile):  # noqa: F811
    return decide(dis_request, agent_profile.user, type="refus")
