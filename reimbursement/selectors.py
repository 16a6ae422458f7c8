"""Reads of the reimbursement's work lists, each scoped to the profile's CPAS first.

- `to_send_page`: « Chercher les dossiers pour lesquels il reste des formulaires à envoyer »,
  the decisions with no form sent yet (no form, or drafts only), by report deadline;
- `forms_page`: « Lister les formulaires », every form, newest first (`forms_results`: its
  HTML, cached under the CPAS's `FormListVersion`);
- `blocked_page`: « Blocages des formulaires », the forms the SPP IS blocked or refused;
- the « Échéancier » is in `reimbursement/schedule.py`.

Each list runs a fixed number of queries, whatever its number of rows (the tests count them),
and tells apart the three empty states: nothing at all, nothing matching the filters, filters
not valid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.translation import get_language

from decisions.models import Decision
from reimbursement.deadlines import (
    DecisionToReport,
)
from reimbursement.filters import (
    FORM_SOCIAL_WORKER,
    HTML_CACHE_SECONDS,
    BlockedFilterForm,
    FormListFilterForm,
    ListFilterForm,
    ToSendFilterForm,
)
from reimbursement.models import (
    FormListVersion,
    FormState,
    ReimbursementForm,
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
