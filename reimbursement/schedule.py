"""« Échéancier »: every deadline of the CPAS's dossiers, computed from the requests,
decisions, notifications and forms (no table of deadlines is stored), the earliest first. One
query per kind of deadline, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from decisions.models import Decision, DecisionType, Piis
from instruction.models import DisRequest
from reimbursement.deadlines import (
    DECISION_DAYS,
    DOSSIER_PAGE,
    EVALUATION_MONTHS,
    FORM_PAGE,
    NOTIFICATION_DAYS,
    NOTIFICATION_PAGE,
    PIIS_MONTHS,
    REQUEST_PAGE,
    REVIEW_YEARS,
    Deadline,
    DeadlineKind,
    evaluation_due_dates,
    piis_due_on,
    report_sessions_before,
    report_sessions_from,
    review_due_on,
)
from reimbursement.filters import (
    ALL,
    DECISION_SOCIAL_WORKER,
    ScheduleFilterForm,
)
from reimbursement.models import (
    ReimbursementForm,
    loss_starts_on,
    report_due_on,
)
from reimbursement.selectors import (
    BAD_FILTER,
    DEADLINES_PER_PAGE,
    NO_MATCH,
    NOTHING,
    SENT_STATES,
    Listing,
    worker_fields,
)

DOSSIER_FIELDS = ("dossier_id", "dossier__number", "dossier__last_name", "dossier__first_names")
# A margin for the due dates that add months or years (end-of-month clipping, 29 February):
# the database narrows by a slightly wider window, then each date is checked exactly.
CLIPPING_MARGIN = timedelta(days=4)


def worker_name(row: dict, path: str) -> str:
    full = f"{row[f'{path}__first_name']} {row[f'{path}__last_name']}".strip()
    return full or row[f"{path}__username"] or ""


def dossier_name(row: dict) -> str:
    return f"{row['dossier__last_name']} {row['dossier__first_names']}".strip()


def decision_subject(row: dict) -> str:
    return f"{DecisionType(row['type']).label} — {row['session_date']:%d/%m/%Y}"


class ScheduleQuery:
    """The deadlines of one CPAS, each kind from one query (`values()`: only what a row
    shows), narrowed by the social worker and the period in the database."""

    def __init__(self, cpas, *, today: date, social_worker, date_from, date_to):
        self.cpas = cpas
        self.today = today
        self.social_worker = social_worker
        self.date_from = date_from
        self.date_to = date_to

    def by_worker(self, qs: QuerySet, path: str) -> QuerySet:
        if self.social_worker is None:
            return qs
        return qs.filter(**{path: self.social_worker})

    def between(self, qs: QuerySet, field: str, before: Callable[[date], date]) -> QuerySet:
        """Rows whose `field` gives a due date in the period, `before(due)` being the earliest
        `field` value whose due date can be `due`."""
        if self.date_from:
            qs = qs.filter(**{f"{field}__gte": before(self.date_from)})
        if self.date_to:
            qs = qs.filter(**{f"{field}__lte": before(self.date_to)})
        return qs

    def in_period(self, due: date) -> bool:
        return (self.date_from is None or due >= self.date_from) and (
            self.date_to is None or due <= self.date_to
        )

    def deadline(self, row: dict, path: str, **values) -> Deadline:
        return Deadline(
            today=self.today,
            dossier_pk=row["dossier_id"],
            dossier_number=row["dossier__number"],
            dossier_name=dossier_name(row),
            social_worker=worker_name(row, path),
            **values,
        )

    def decisions(self) -> list[Deadline]:
        """A decision within 30 days of each request that has none."""
        path = "enquiry__social_worker"
        requests = DisRequest.objects.for_cpas(self.cpas).filter(decisions__isnull=True)
        requests = self.between(
            self.by_worker(requests, path),
            "received_on",
            lambda due: due - timedelta(days=DECISION_DAYS),
        )
        fields = ("pk", "year", "sequence", "received_on", *DOSSIER_FIELDS, *worker_fields(path))
        return [
            self.deadline(
                row,
                path,
                kind=DeadlineKind.DECISION,
                due_on=row["received_on"] + timedelta(days=DECISION_DAYS),
                subject=f"{row['year']}/{row['sequence']:04d} — {row['received_on']:%d/%m/%Y}",
                url_name=REQUEST_PAGE,
                url_pk=row["pk"],
            )
            for row in requests.values(*fields)
        ]

    def decision_rows(self, decisions: QuerySet, *extra: str):
        fields = ("pk", "type", "session_date", *DOSSIER_FIELDS, *extra)
        return self.by_worker(decisions, DECISION_SOCIAL_WORKER).values(
            *fields, *worker_fields(DECISION_SOCIAL_WORKER)
        )

    def notifications(self) -> list[Deadline]:
        """The notification within 8 days of the session, for each decision not notified."""
        decisions = Decision.objects.for_cpas(self.cpas).filter(notification__isnull=True)
        decisions = self.between(
            decisions, "session_date", lambda due: due - timedelta(days=NOTIFICATION_DAYS)
        )
        return [
            self.deadline(
                row,
                DECISION_SOCIAL_WORKER,
                kind=DeadlineKind.NOTIFICATION,
                due_on=row["session_date"] + timedelta(days=NOTIFICATION_DAYS),
                subject=decision_subject(row),
                url_name=NOTIFICATION_PAGE,
                url_pk=row["pk"],
            )
            for row in self.decision_rows(decisions)
        ]

    def forms(self) -> list[Deadline]:
        """The formulaire B or C of each decision not reported, 8 days after the end of the
        session's month; the draft's page when there is one, else the dossier's (where the
        forms are prepared)."""
        drafts = ReimbursementForm.objects.drafts().filter(decision=OuterRef("pk"))
        decisions = (
            Decision.objects.for_cpas(self.cpas)
            .exclude(reimbursement_forms__state__in=SENT_STATES)
            .annotate(draft_pk=Subquery(drafts.order_by("rank", "pk").values("pk")[:1]))
        )
        if self.date_from:
            decisions = decisions.filter(session_date__gte=report_sessions_from(self.date_from))
        if self.date_to:
            decisions = decisions.filter(session_date__lt=report_sessions_before(self.date_to))
        return [
            self.deadline(
                row,
                DECISION_SOCIAL_WORKER,
                kind=DeadlineKind.FORM,
                due_on=report_due_on(row["session_date"]),
                loss_on=loss_starts_on(row["session_date"]),
                subject=decision_subject(row),
                url_name=FORM_PAGE if row["draft_pk"] else DOSSIER_PAGE,
                url_pk=row["draft_pk"] or row["dossier_id"],
            )
            for row in self.decision_rows(decisions, "draft_pk")
        ]

    def piis_required(self, *, months_after: tuple[int, int]) -> QuerySet[Decision]:
        """Notified octrois that say a PIIS is compulsory and that no retrait followed, whose
        notification may give a due date in the period (`months_after`: the first and last
        deadline they give, in months after the notification)."""
        withdrawn = Decision.objects.filter(
            dossier=OuterRef("dossier"),
            type=DecisionType.WITHDRAWAL,
            session_date__gte=OuterRef("session_date"),
        )
        decisions = (
            Decision.objects.for_cpas(self.cpas)
            .filter(type=DecisionType.GRANT, piis=Piis.REQUIRED, notification__isnull=False)
            .exclude(Exists(withdrawn))
        )
        first, last = months_after
        if self.date_from:
            earliest = self.date_from - relativedelta(months=last) - CLIPPING_MARGIN
            decisions = decisions.filter(notification__notified_on__gte=earliest)
        if self.date_to:
            latest = self.date_to - relativedelta(months=first) + CLIPPING_MARGIN
            decisions = decisions.filter(notification__notified_on__lte=latest)
        return decisions

    def piis(self) -> list[Deadline]:
        """The PIIS within 3 months of the notification, when the octroi says it is compulsory
        and no retrait of the dossier followed. The clone records no PIIS yet [I]: the
        deadline stays listed, overdue, until the right is withdrawn."""
        decisions = self.piis_required(months_after=(PIIS_MONTHS, PIIS_MONTHS))
        return self.piis_deadlines(decisions, DeadlineKind.PIIS, [piis_due_on])

    def piis_evaluations(self) -> list[Deadline]:
        """The PIIS's evaluations of its first year: at least 3 a year (dis.md §2.2 row 9),
        spread every 4 months after the PIIS's own deadline [I: the clone records neither the
        PIIS nor its evaluations, so the dates are the latest the rule allows]."""
        months = [PIIS_MONTHS + step for step in EVALUATION_MONTHS]
        decisions = self.piis_required(months_after=(months[0], months[-1]))
        return self.piis_deadlines(decisions, DeadlineKind.PIIS_EVALUATION, evaluation_due_dates())

    def piis_deadlines(self, decisions, kind, due_dates) -> list[Deadline]:
        deadlines = []
        for row in self.decision_rows(decisions, "notification__notified_on"):
            for due_on in due_dates:
                due = due_on(row["notification__notified_on"])
                if self.in_period(due):
                    deadlines.append(
                        self.deadline(
                            row,
                            DECISION_SOCIAL_WORKER,
                            kind=kind,
                            due_on=due,
                            subject=decision_subject(row),
                            url_name=DOSSIER_PAGE,
                            url_pk=row["dossier_id"],
                        )
                    )
        return deadlines

    def reviews(self) -> list[Deadline]:
        """The annual review, a year after the right's start, of each octroi or révision that
        no later decision revised or withdrew, unless the right ends before."""
        decisions = Decision.objects.for_cpas(self.cpas).filter(
            type__in=[DecisionType.GRANT, DecisionType.REVISION], revisions__isnull=True
        )
        if self.date_from:
            earliest = self.date_from - relativedelta(years=REVIEW_YEARS) - CLIPPING_MARGIN
            decisions = decisions.filter(starts_on__gte=earliest)
        if self.date_to:
            latest = self.date_to - relativedelta(years=REVIEW_YEARS) + CLIPPING_MARGIN
            decisions = decisions.filter(starts_on__lte=latest)
        deadlines = []
        for row in self.decision_rows(decisions, "starts_on", "ends_on"):
            due = review_due_on(row["starts_on"])
            if self.in_period(due) and (row["ends_on"] is None or row["ends_on"] >= due):
                deadlines.append(
                    self.deadline(
                        row,
                        DECISION_SOCIAL_WORKER,
                        kind=DeadlineKind.REVIEW,
                        due_on=due,
                        subject=decision_subject(row),
                        url_name=DOSSIER_PAGE,
                        url_pk=row["dossier_id"],
                    )
                )
        return deadlines


KIND_ORDER = list(DeadlineKind.values)


def schedule(cpas, *, today: date, social_worker=None, kind=ALL, date_from=None, date_to=None):
    """Every deadline of the CPAS's dossiers (or of one kind, one social worker, one period of
    due dates), the earliest first: the overdue ones come first. One query per kind."""
    query = ScheduleQuery(
        cpas, today=today, social_worker=social_worker, date_from=date_from, date_to=date_to
    )
    sources = {
        DeadlineKind.DECISION: query.decisions,
        DeadlineKind.NOTIFICATION: query.notifications,
        DeadlineKind.FORM: query.forms,
        DeadlineKind.PIIS: query.piis,
        DeadlineKind.PIIS_EVALUATION: query.piis_evaluations,
        DeadlineKind.REVIEW: query.reviews,
    }
    deadlines = [
        deadline for name, source in sources.items() if kind in (ALL, name) for deadline in source()
    ]
    deadlines.sort(key=lambda d: (d.due_on, KIND_ORDER.index(d.kind), d.dossier_number))
    return deadlines


def schedule_page(*, cpas, form: ScheduleFilterForm, today: date, page_number) -> Listing:
    """Five queries (one per kind of deadline); five more only when the filters leave nothing,
    to say whether the CPAS has deadlines at all."""
    criteria = form.criteria()
    if criteria is None:
        return Listing(None, BAD_FILTER)
    deadlines = schedule(cpas, today=today, **criteria)
    page = Paginator(deadlines, DEADLINES_PER_PAGE).get_page(page_number)
    if deadlines:
        return Listing(page)
    if form.is_filtering and schedule(cpas, today=today):
        return Listing(page, NO_MATCH)
    return Listing(page, NOTHING)
