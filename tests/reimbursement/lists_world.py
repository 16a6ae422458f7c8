"""Rows for the work-list tests (forms to send, forms, blocks, échéancier): dossiers, requests,
decisions, notifications and forms with the dates each test needs.

Requests go through the instruction's service (their register number and enquiry, the social
worker being the agent who registered it); decisions, notifications and forms are written
directly with the dates given, so that a list of 20 rows costs little. `tests/reimbursement/
conftest.py` builds them through the Council's services when the whole chain matters.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from decisions.models import Decision, DecisionType, Notification, Organ, Piis, Proposal
from dossiers.services import dossier_create
from instruction.models import RequestMode, RequestObject
from instruction.services import request_create
from primaweb.addresses import PostalAddress
from reimbursement import lists
from reimbursement.models import FormState, FormType, ReimbursementForm
from tests.factories import PersonFactory

ADDRESS = PostalAddress(
    street="Rue Lambert", house_number="7", postal_code="3717", locality="Herstappe"
)
# The day the lists count from in these tests (a Wednesday).
TODAY = date(2026, 5, 20)


@pytest.fixture
def on_today(monkeypatch):
    """The lists count their deadlines from TODAY."""
    monkeypatch.setattr(lists, "today", lambda: TODAY)
    return TODAY


def new_dossier(profile, last_name: str, first_names: str = "Anne"):
    person = PersonFactory(last_name=last_name, first_names=first_names, birth_year=1985)
    return dossier_create(
        cpas=profile.cpas, person=person, address=ADDRESS, created_by=profile.user
    )


def new_request(dossier, user, received_on: date):
    """A request registered by `user`, who is then its enquiry's social worker."""
    return request_create(
        dossier=dossier,
        received_on=received_on,
        mode=RequestMode.WRITTEN,
        object=RequestObject.INTEGRATION_INCOME,
        created_by=user,
    )


def new_decision(
    dis_request,
    user,
    *,
    session_date: date,
    type=DecisionType.GRANT,  # noqa: A002
    starts_on: date | None = None,
    ends_on: date | None = None,
    piis=Piis.REQUIRED,
    revises=None,
) -> Decision:
    grants = DecisionType(type).grants
    starts_on = starts_on or session_date
    proposal = Proposal.objects.create(
        cpas_id=dis_request.cpas_id,
        request=dis_request,
        type="octroi" if grants else "refus",
        category=3,
        right_from=starts_on,
        session_date=session_date,
        organ=Organ.COUNCIL,
        motivation="Proposition",
        annual_amount=0,
        monthly_amount=0,
        first_month_amount=0,
        facts={},
        calculation={},
        created_by=user,
    )
    return Decision.objects.create(
        proposal=proposal,
        cpas_id=dis_request.cpas_id,
        dossier_id=dis_request.dossier_id,
        request=dis_request,
        type=type,
        session_date=session_date,
        organ=Organ.COUNCIL,
        starts_on=starts_on,
        ends_on=ends_on,
        category=3 if grants else None,
        annual_amount=0,
        monthly_amount=0,
        first_month_amount=0,
        legal_motivation="Loi du 26 mai 2002, art. 14.",
        factual_motivation="Ressources insuffisantes.",
        piis=piis if grants else "",
        revises=revises,
        calculation={},
        recorded_by=user,
    )


def notify(decision: Decision, user, notified_on: date) -> Notification:
    return Notification.objects.create(
        decision=decision,
        cpas_id=decision.cpas_id,
        notified_on=notified_on,
        mode="recommande",
        tribunal_name="Tribunal du travail de Liège",
        tribunal_address="Place Saint-Lambert 30, 4000 Liège",
        recorded_by=user,
    )


def moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def new_form(
    decision: Decision,
    *,
    state=FormState.DRAFT,
    rank: int = 1,
    sent_on: date | None = None,
    created_on: date | None = None,
    errors=(),
    days_lost: int | None = None,
    replaces=None,
    sent_by=None,
) -> ReimbursementForm:
    sent = sent_on is not None or state != FormState.DRAFT
    sent_day = sent_on or decision.session_date
    return ReimbursementForm.objects.create(
        cpas_id=decision.cpas_id,
        dossier_id=decision.dossier_id,
        decision=decision,
        type=FormType.B if DecisionType(decision.type).grants else FormType.C,
        rank=rank,
        state=state,
        niss=decision.dossier.niss,
        effective_date=decision.starts_on,
        decision_date=decision.session_date,
        notice_status=1 if replaces else 0,
        category=decision.category,
        created_at=moment(created_on or decision.session_date, 9),
        sent_at=moment(sent_day) if sent else None,
        sent_by=(sent_by or decision.recorded_by) if sent else None,
        answered_at=moment(sent_day, 11)
        if state not in (FormState.DRAFT, FormState.SENT)
        else None,
        errors=list(errors),
        days_lost=days_lost,
        replaces=replaces,
    )


def decided(profile, last_name: str, *, received_on: date, session_date: date, **kwargs):
    """A dossier, its request and a decision on it: the decision."""
    dossier = new_dossier(profile, last_name)
    dis_request = new_request(dossier, profile.user, received_on)
    return new_decision(dis_request, profile.user, session_date=session_date, **kwargs)
