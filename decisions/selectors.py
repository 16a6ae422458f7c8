"""Reads of the decisions, each scoped to a CPAS first: the session's proposals, a dossier's
decisions and pending deadlines, the labour tribunal of a CPAS."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, QuerySet, Subquery

from decisions.models import CpasTribunal, Decision, LabourTribunal, Proposal
from instruction.models import DisRequest

RECENT_SESSIONS = 12


def tribunal_of(cpas) -> LabourTribunal | None:
    """The labour tribunal a CPAS names in its letters, or None when none is set."""
    link = CpasTribunal.objects.select_related("tribunal").filter(cpas=cpas).first()
    return link.tribunal if link else None


def session_proposals(cpas) -> QuerySet[Proposal]:
    """The CPAS's proposals with what the session's page shows of each (one query)."""
    return (
        Proposal.objects.for_cpas(cpas)
        .select_related("request__dossier", "decision")
        .order_by("organ", "request__dossier__last_name", "request__dossier__first_names", "pk")
    )


def recent_sessions(cpas, limit: int = RECENT_SESSIONS) -> list[dict]:
    """The latest sessions that have proposals: date, organ, proposals and decisions."""
    return list(
        Proposal.objects.for_cpas(cpas)
        .values("session_date", "organ")
        .annotate(proposals=Count("pk"), decisions=Count("decision"))
        .order_by("-session_date", "organ")[:limit]
    )


def scoped_decisions(cpas) -> QuerySet[Decision]:
    return Decision.objects.for_cpas(cpas).select_related(
        "proposal", "dossier", "request__enquiry__social_worker", "revises", "recorded_by"
    )


@dataclass(frozen=True)
class Deadline:
    """A legal deadline still to meet: what is due, by when, and the page where it is met."""

    label: str
    due_on: date
    today: date
    url: str

    @property
    def overdue(self) -> bool:
        return self.due_on < self.today

    @property
    def days_late(self) -> int:
        return (self.today - self.due_on).days


@dataclass(frozen=True)
class DossierDecisions:
    decisions: list[Decision]
    # Each with `pending_proposal_pk` and `pending_session_date`: its earliest proposal still
    # waiting for a decision, if any.
    undecided_requests: list[DisRequest]
    today: date

    @property
    def current(self) -> Decision | None:
        """The latest decision (a révision or a retrait replaces what it changes)."""
        return self.decisions[0] if self.decisions else None

    @property
    def unnotified(self) -> list[Decision]:
        return [d for d in self.decisions if not hasattr(d, "notification")]


def dossier_decisions(cpas, dossier, *, today: date) -> DossierDecisions:
    """Two queries, whatever the number of requests, proposals and decisions."""
    decisions = list(
        Decision.objects.for_cpas(cpas)
        .filter(dossier=dossier)
        .select_related("notification")
        .order_by("-session_date", "-recorded_at", "-pk")
    )
    pending = Proposal.objects.filter(request=OuterRef("pk"), decision__isnull=True).order_by(
        "session_date", "pk"
    )
    undecided = list(
        DisRequest.objects.for_cpas(cpas)
        .filter(dossier=dossier, decisions__isnull=True)
        .annotate(
            pending_proposal_pk=Subquery(pending.values("pk")[:1]),
            pending_session_date=Subquery(pending.values("session_date")[:1]),
        )
        .order_by("received_on", "pk")
    )
    return DossierDecisions(decisions, undecided, today)
