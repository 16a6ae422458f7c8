"""Writes of the decisions: the proposal, the decision, the notification.

Keyword-only and typed: the forms have checked everything. The database decides the races: a
proposal has one decision and a decision one notification (one-to-one columns); the proposal's
row is locked while its decision is recorded, so that a second agent waits and then finds the
first one's decision instead of failing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from decisions.cases import calculation_snapshot
from decisions.models import Decision, LabourTribunal, Notification, Proposal
from dossiers.models import Dossier, DossierStage
from instruction.models import DisRequest
from instruction.selectors import EnquiryFacts, facts_snapshot
from integration_income.calculation import Calculation
from integration_income.parameters import Parameters


class DecisionAlreadyRecorded(Exception):
    """Another agent recorded this proposal's decision first: `decision` is that one."""

    def __init__(self, decision: Decision):
        super().__init__(decision.pk)
        self.decision = decision

    @property
    def message(self) -> str:
        return _(
            "Une décision a déjà été enregistrée pour cette proposition (par %(agent)s) : "
            "la vôtre n'a pas été enregistrée. Une modification est une révision."
        ) % {"agent": self.decision.recorded_by.get_full_name() or self.decision.recorded_by}


class AlreadyNotified(Exception):
    def __init__(self, notification: Notification):
        super().__init__(notification.pk)
        self.notification = notification

    @property
    def message(self) -> str:
        return _("Cette décision a déjà été notifiée le %(date)s.") % {
            "date": self.notification.notified_on.strftime("%d/%m/%Y")
        }


def proposal_create(
    *,
    dis_request: DisRequest,
    facts: EnquiryFacts,
    calculation: Calculation,
    parameters: Parameters,
    right_from: date,
    category: int,
    category_override_reason: str,
    count_adult_relatives: bool,
    type: str,  # noqa: A002 (the proposal's type: octroi or refus)
    session_date: date,
    organ: str,
    motivation: str,
    created_by,
) -> Proposal:
    """The proposal keeps the facts and the calculation as they are now: a later change of the
    enquiry does not change what the Council was asked."""
    return Proposal.objects.create(
        cpas_id=dis_request.cpas_id,
        request=dis_request,
        type=type,
        category=category,
        category_override_reason=category_override_reason,
        count_adult_relatives=count_adult_relatives,
        right_from=right_from,
        session_date=session_date,
        organ=organ,
        motivation=motivation,
        annual_amount=calculation.annual,
        monthly_amount=calculation.monthly,
        first_month_amount=calculation.first_month,
        facts=facts_snapshot(facts),
        calculation=calculation_snapshot(calculation, day=right_from, parameters=parameters),
        created_by=created_by,
    )


@transaction.atomic
def decision_record(
    *,
    proposal: Proposal,
    type: str,  # noqa: A002 (the decision's type: octroi, refus, retrait, révision)
    session_date: date,
    organ: str,
    starts_on: date,
    ends_on: date | None,
    category: int | None,
    annual_amount: Decimal,
    monthly_amount: Decimal,
    first_month_amount: Decimal,
    amounts_adjustment_motivation: str,
    legal_motivation: str,
    factual_motivation: str,
    piis: str,
    revises: Decision | None,
    recorded_by,
) -> Decision:
    """Records the Council's decision on `proposal` and puts the dossier in « Décision à
    notifier ». Raises DecisionAlreadyRecorded when the proposal already has one, including
    one recorded by another agent at the same moment."""
    proposal = Proposal.objects.select_for_update().select_related("request").get(pk=proposal.pk)
    existing = recorded_decision(proposal)
    if existing is not None:
        raise DecisionAlreadyRecorded(existing)
    dis_request = proposal.request
    if revises is not None and revises.dossier_id != dis_request.dossier_id:
        # The form offers only this dossier's decisions; a caller past it is a bug.
        raise ValueError("a decision revises a decision of its own dossier")
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                proposal=proposal,
                cpas_id=proposal.cpas_id,
                dossier_id=dis_request.dossier_id,
                request=dis_request,
                type=type,
                session_date=session_date,
                organ=organ,
                starts_on=starts_on,
                ends_on=ends_on,
                category=category,
                annual_amount=annual_amount,
                monthly_amount=monthly_amount,
                first_month_amount=first_month_amount,
                amounts_adjustment_motivation=amounts_adjustment_motivation,
                legal_motivation=legal_motivation,
                factual_motivation=factual_motivation,
                piis=piis,
                revises=revises,
                calculation=proposal.calculation,
                recorded_by=recorded_by,
            )
    except IntegrityError as error:
        # Committed by another agent between our check and our insert (without the lock, on
        # a database that has none, or a caller that bypassed it).
        existing = recorded_decision(proposal)
        if existing is None:
            raise
        raise DecisionAlreadyRecorded(existing) from error
    Dossier.objects.filter(pk=dis_request.dossier_id).update(stage=DossierStage.TO_NOTIFY)
    return decision


def recorded_decision(proposal: Proposal) -> Decision | None:
    return Decision.objects.select_related("recorded_by").filter(proposal=proposal).first()


@transaction.atomic
def notification_record(
    *, decision: Decision, tribunal: LabourTribunal, notified_on: date, mode: str, recorded_by
) -> Notification:
    """Records the notification and updates the dossier's stage: « Décidé » once nothing is
    left to notify or to decide, « Décision à notifier » or « En instruction » otherwise."""
    dossier = Dossier.objects.select_for_update().get(pk=decision.dossier_id)
    existing = Notification.objects.filter(decision=decision).first()
    if existing is not None:
        raise AlreadyNotified(existing)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                decision=decision,
                cpas_id=decision.cpas_id,
                notified_on=notified_on,
                mode=mode,
                tribunal_name=tribunal.name,
                tribunal_address=tribunal.address.format(),
                recorded_by=recorded_by,
            )
    except IntegrityError as error:
        existing = Notification.objects.filter(decision=decision).first()
        if existing is None:
            raise
        raise AlreadyNotified(existing) from error
    Dossier.objects.filter(pk=dossier.pk).update(stage=stage_after_notification(dossier))
    return notification


def stage_after_notification(dossier: Dossier) -> str:
    decisions = Decision.objects.filter(dossier=dossier)
    if decisions.filter(notification__isnull=True).exists():
        return DossierStage.TO_NOTIFY
    if DisRequest.objects.filter(dossier=dossier, decisions__isnull=True).exists():
        return DossierStage.INSTRUCTION
    return DossierStage.DECIDED
