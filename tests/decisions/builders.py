"""Proposals and decisions built through the services the pages call, for the tests of this
app and the world of tests/security and tests/accesslog."""

from __future__ import annotations

from datetime import date

from decisions import services
from decisions.cases import case_for, household_category
from decisions.models import DecisionType, Organ, Piis, ProposalType
from instruction.selectors import enquiry_facts
from integration_income.calculation import calculate
from integration_income.selectors import parameters_at


def make_proposal(
    dis_request,
    user,
    *,
    session_date=date(2025, 2, 20),
    organ=Organ.COUNCIL,
    type=ProposalType.GRANT,  # noqa: A002
):
    """A proposal on the request's facts of the moment, in the category they suggest."""
    facts = enquiry_facts(dis_request.enquiry)
    parameters = parameters_at(dis_request.received_on)
    category = household_category(facts)
    calculation = calculate(
        case_for(
            facts, day=dis_request.received_on, category=category, count_adult_relatives=False
        ),
        parameters=parameters,
    )
    return services.proposal_create(
        dis_request=dis_request,
        facts=facts,
        calculation=calculation,
        parameters=parameters,
        right_from=dis_request.received_on,
        category=category,
        category_override_reason="",
        count_adult_relatives=False,
        type=type,
        session_date=session_date,
        organ=organ,
        motivation="Cohabite avec ses parents ; 300 € par mois de leur part.",
        created_by=user,
    )


def record(proposal, user, **changes):
    """The decision the proposal asked for, with its figures, unless `changes` say otherwise."""
    values = {
        "type": DecisionType.GRANT,
        "session_date": proposal.session_date,
        "organ": proposal.organ,
        "starts_on": proposal.right_from,
        "ends_on": None,
        "category": proposal.category,
        "annual_amount": proposal.annual_amount,
        "monthly_amount": proposal.monthly_amount,
        "first_month_amount": proposal.first_month_amount,
        "amounts_adjustment_motivation": "",
        "legal_motivation": "Loi du 26 mai 2002, art. 14 §1er, 1°.",
        "factual_motivation": "Cohabite avec ses parents.",
        "piis": Piis.REQUIRED,
        "revises": None,
        **changes,
    }
    return services.decision_record(proposal=proposal, recorded_by=user, **values)
