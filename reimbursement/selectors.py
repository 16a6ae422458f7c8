"""Reads of the reimbursement's work lists, each scoped to the profile's CPAS first.

- `to_send_page`: « Chercher les dossiers pour lesquels il reste des formulaires à envoyer »,
  the decisions with no form sent yet (no form, or drafts only), by report deadline;
- `forms_page`: « Lister les formulaires », every form, newest first (`forms_results`: its
  HTML, cached under the CPAS's `FormListVersion`);
- `blocked_page`: « Blocages des formulaires », the forms the SPP IS blocked or refused;
- `schedule_page`: the « Échéancier », every deadline of the CPAS's dossiers, computed from
  the requests, decisions, notifications and forms (no table of deadlines is stored).

Each list runs a fixed number of queries, whatever its number of rows (the tests count them),
and tells apart the three empty states: nothing at all, nothing matching the filters, filters
not valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import get_language

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
    DecisionToReport,
    evaluation_due_dates,
    piis_due_on,
    report_sessions_before,
    report_sessions_from,
    review_due_on,
)
from reimbursement.filters import (
    ALL,
    DECISION_SOCIAL_WORKER,
    FORM_SOCIAL_WORKER,
    HTML_CACHE_SECONDS,
    BlockedFilterForm,
    FormListFilterForm,
    ListFilterForm,
    ScheduleFilterForm,
    ToSendFilterForm,
)
from reimbursement.models import (
    FormListVersion,
    FormState,
    ReimbursementForm,
    loss_starts_on,
    report_due_on,
)

ROWS_PER_PAGE = 25
# « Lister les formulaires »: the pages kept in the cache (see forms_results), and how long. A
# change of the forms renews their key at once; an agent's renamed account (shown as the social
# worker) shows within this time, as in the filter form.
CACHED_FORM_PAGES = 10
FORM_LIST_CACHE_SECONDS = HTML_CACHE_SECONDS
DEADLINES_PER_PAGE = 50
# A form in any of these states has reached the SPP IS: its decision is reported.
SENT_STATES = [state for state in FormState.values if state != FormState.DRAFT]

# The empty states of a list.
NOTHING = "nothing"  # the CPAS has no row at all
NO_MATCH = "no_match"  # rows exist, none matches the filters
BAD_FILTER = "bad_filter"  # a filter is not valid: its message is on the form


@dataclass(frozen=True)
class Listing:
    """A page of a list, or why there is none (`empty`: NOTHING, NO_MATCH, BAD_FILTER)."""

    page: Page | None
    empty: str = ""

    @property
    def bad_filter(self) -> bool:
        return self.empty == BAD_FILTER

    @property
    def no_match(self) -> bool:
        return self.empty == NO_MATCH

    @property
    def nothing(self) -> bool:
        return self.empty == NOTHING


def paginated(
    scoped: QuerySet,
    form: ListFilterForm,
    page_number: str | None,
    *,
    rows: Callable[[list], list] | None = None,
    per_page: int = ROWS_PER_PAGE,
) -> Listing:
    """The page of `scoped` (already limited to the CPAS, ordered) that the form selects.

    Queries: the count and the page (plus the queryset's prefetches); one more only when the
    filtered list is empty, to say whether the CPAS has rows at all. `Paginator.get_page`
    gives the first page for a page that is not a number, the last for one past the end."""
    if form.is_bound and not form.is_valid():
        return Listing(None, BAD_FILTER)
    page = Paginator(form.filter_qs(scoped), per_page).get_page(page_number)
    if page.paginator.count:
        if rows is not None:
            page.object_list = rows(list(page.object_list))
        return Listing(page)
    return Listing(page, NO_MATCH if form.is_filtering and scoped.exists() else NOTHING)


def worker_fields(path: str) -> tuple[str, ...]:
    return (f"{path}__first_name", f"{path}__last_name", f"{path}__username")


# « Chercher les dossiers pour lesquels il reste des formulaires à envoyer »


def decisions_to_report(cpas) -> QuerySet[Decision]:
    """The CPAS's decisions whose forms have not reached the SPP IS (none prepared, or drafts
    only), the oldest session first: the report deadline, 8 days after the end of the
    session's month, comes in the same order."""
    drafts = ReimbursementForm.objects.drafts().order_by("rank", "pk")
    return (
        Decision.objects.for_cpas(cpas)
        .exclude(reimbursement_forms__state__in=SENT_STATES)
        .select_related("dossier", "request__enquiry__social_worker")
        .prefetch_related(Prefetch("reimbursement_forms", queryset=drafts, to_attr="drafts"))
        .order_by("session_date", "pk")
    )


def to_send_page(*, cpas, form: ToSendFilterForm, today: date, page_number) -> Listing:
    """Three queries (count, decisions, their drafts)."""
    return paginated(
        decisions_to_report(cpas),
        form,
        page_number,
        rows=lambda decisions: [
            DecisionToReport(decision=d, drafts=d.drafts, today=today) for d in decisions
        ],
    )


# « Lister les formulaires »


@dataclass(frozen=True)
class FormRow:
    """What a row of « Lister les formulaires » shows (`form_rows` renders it)."""

    pk: int
    type: str
    created_at: object
    state: str
    notice_status: int
    dossier_pk: int
    dossier_number: str
    last_name: str
    first_names: str
    decision_type: str
    decision_date: date
    sent_at: object
    worker_first_name: str | None
    worker_last_name: str | None
    worker_username: str | None
    days_lost: int | None

    @property
    def reference(self) -> str:
        """As `ReimbursementForm.reference` (« B-2026-000012 »)."""
        return f"{self.type}-{self.created_at:%Y}-{self.pk:06d}"

    @property
    def social_worker(self) -> str:
        full = f"{self.worker_first_name or ''} {self.worker_last_name or ''}".strip()
        return full or self.worker_username or ""


FORM_ROW_FIELDS = (
    "pk",
    "type",
    "created_at",
    "state",
    "notice_status",
    "dossier_id",
    "dossier__number",
    "dossier__last_name",
    "dossier__first_names",
    "decision__type",
    "decision_date",
    "sent_at",
    *worker_fields(FORM_SOCIAL_WORKER),
    "days_lost",
)


def form_rows(pks: list[int]) -> list[FormRow]:
    """The rows of these forms, in the order of `pks` (one query)."""
    found = {
        values[0]: FormRow(*values)
        for values in ReimbursementForm.objects.filter(pk__in=pks).values_list(*FORM_ROW_FIELDS)
    }
    return [found[pk] for pk in pks if pk in found]


def cpas_forms(cpas) -> QuerySet[ReimbursementForm]:
    """Every form of the CPAS, the newest first (index form_cpas_newest), with what a row of
    the list shows: the dossier, the decision and the social worker of its request."""
    return (
        ReimbursementForm.objects.for_cpas(cpas)
        .select_related("dossier", "decision__request__enquiry__social_worker", "sent_by")
        .order_by("-created_at", "-pk")
    )


class CountedPaginator(Paginator):
    """Pages of `object_list` (with its joins) counted on `count_qs` (the table alone: a
    count of a values() queryset keeps the joins)."""

    def __init__(self, object_list, per_page, *, count_qs: QuerySet):
        super().__init__(object_list, per_page)
        self.count_qs = count_qs

    @cached_property
    def count(self) -> int:
        return self.count_qs.count()


def forms_page(*, cpas, form: FormListFilterForm, page_number) -> Listing:
    """The list as the menu opens it: two queries, the count and the page's rows, newest
    first along the index form_cpas_newest (the joins only for the page's rows). Filtered:
    three, the count, the page's ids (the forms table alone: sorted without the joins, which
    SQLite would otherwise make for every matching form before sorting), and their rows."""
    scoped = ReimbursementForm.objects.for_cpas(cpas).order_by("-created_at", "-pk")
    if form.is_bound:
        return paginated(scoped.values_list("pk", flat=True), form, page_number, rows=form_rows)
    paginator = CountedPaginator(
        scoped.values_list(*FORM_ROW_FIELDS), ROWS_PER_PAGE, count_qs=scoped
    )
    page = paginator.get_page(page_number)
    if not paginator.count:
        return Listing(page, NOTHING)
    page.object_list = [FormRow(*values) for values in page.object_list]
    return Listing(page)


def cached_page_number(page_number: str | None) -> int | None:
    """The page `Paginator.get_page` shows for `page_number` if it is one of the pages cached
    (1 to CACHED_FORM_PAGES): 1 for anything that is not a whole number. None for a number
    below 1 (the last page, which depends on the count) or past CACHED_FORM_PAGES."""
    try:
        wanted = int(page_number or 1)
    except (TypeError, ValueError):
        return 1
    return wanted if 1 <= wanted <= CACHED_FORM_PAGES else None


def forms_results(
    *, cpas, form: FormListFilterForm, base_query: QueryDict, page_number: str | None
) -> str:
    """The count, CSV link, table and pagination of « Lister les formulaires » (or why it is
    empty), as HTML. `base_query` is the list's GET parameters but the page number.

    The list as the menu opens it and the lists filtered by type, état and social worker
    (`form.list_query`), pages 1 to CACHED_FORM_PAGES, are cached by CPAS, the token of its
    forms' last change (`FormListVersion`, which database triggers renew on every change of
    a form or of an enquiry's social worker), the language, the canonical filter and the page
    number shown: the HTML depends on nothing else, its links (pagination, CSV) being built
    from the canonical filter rather than copied from the URL, since one cached page is served
    for several URLs. The token is read before the forms: a change committed in between
    renews it after the page was read, never before. A form made, sent, answered or corrected
    makes a new key at once. A period, a page further on or below 1, or a filter that is not
    valid is rendered each time: keyed by what the agent typed, the cache would grow without
    bound."""
    list_query = form.list_query
    number = cached_page_number(page_number)
    if list_query is None or number is None:
        listing = forms_page(cpas=cpas, form=form, page_number=page_number)
        return render_form_results(listing, base_query)
    token = FormListVersion.objects.token_for(cpas)
    key = f"reimbursement:forms:{cpas.pk}:{token}:{get_language()}:{list_query}:{number}"
    results = cache.get(key)
    if results is None:
        listing = forms_page(cpas=cpas, form=form, page_number=str(number))
        results = render_form_results(listing, QueryDict(list_query))
        cache.set(key, results, FORM_LIST_CACHE_SECONDS)
    return results


def render_form_results(listing: Listing, base_query: QueryDict) -> str:
    """The results partial: its CSV link and pagination keep `base_query`."""
    return render_to_string(
        "reimbursement/_partials/form_list_results.html",
        {"listing": listing, "base_query": base_query},
    )


def forms_for_export(*, cpas, form: FormListFilterForm) -> QuerySet[ReimbursementForm]:
    """The whole filtered list, for the CSV (the caller checked that the form is valid)."""
    return form.filter_qs(cpas_forms(cpas))


# « Blocages des formulaires »


def blocked_forms(cpas) -> QuerySet[ReimbursementForm]:
    """The CPAS's forms the SPP IS blocked or refused, the latest answer first, with their
    correction when one was made (`replaced_by`)."""
    return (
        ReimbursementForm.objects.for_cpas(cpas)
        .filter(state__in=[FormState.BLOCKED, FormState.REFUSED])
        .select_related("dossier", "decision", "replaced_by")
        .order_by("-answered_at", "-pk")
    )


def blocked_page(*, cpas, form: BlockedFilterForm, page_number) -> Listing:
    """Two queries (count, page)."""
    return paginated(blocked_forms(cpas), form, page_number)


# « Échéancier »

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
