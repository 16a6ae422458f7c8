"""Reads of the CPAS Online requests: the agent's list (cached) and the search by reference.

Every read starts from the requests of one CPAS, the agent's: a request of another CPAS is never
found, whatever was typed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.translation import get_language

from primaweb.models import Cpas
from requests_online.forms import RequestFilterForm
from requests_online.models import ListVersion, OnlineRequest

PAGE_SIZE = 50
LIST_CACHE_SECONDS = 3600
# The pages of the unread and the read list kept in the cache (see list_results).
CACHED_LIST_PAGES = 10
# The parameter that takes the agent back to the details page's list (see views.safe_return_url).
RETURN_PARAMETER = "retour"


def request_by_reference(*, cpas: Cpas, reference: str) -> int | None:
    """The pk of the CPAS's request with this reference (normalized: case and spaces ignored)
    when exactly one matches; None otherwise, and for a request of another CPAS. One query."""
    matching = OnlineRequest.objects.for_cpas(cpas).with_reference(reference)
    found = list(matching.values_list("pk", flat=True)[:2])
    return found[0] if len(found) == 1 else None


def list_page(*, cpas: Cpas, form: RequestFilterForm, page_number: str | None) -> Page:
    """The page of the CPAS's requests that a valid filter form selects, newest first, as the
    tuples of `OnlineRequestQuerySet.for_list`. Two queries: the count and the page's rows.

    `Paginator.get_page` reads `page_number`: anything that is not a whole number (garbage, an
    empty or missing parameter, `2.5`) gives the first page; a number below 1 or past the end
    gives the last page."""
    requests = form.filter_qs(OnlineRequest.objects.for_cpas(cpas).for_list().newest_first())
    return Paginator(requests, PAGE_SIZE).get_page(page_number)


def cached_page_number(page_number: str | None) -> int | None:
    """The page `Paginator.get_page` shows for `page_number`, if it is one of the pages cached
    (1 to CACHED_LIST_PAGES): 1 for anything that is not a whole number. None for a number
    below 1 (the last page, which depends on the count) or past CACHED_LIST_PAGES."""
    try:
        wanted = int(page_number or 1)
    except (TypeError, ValueError):
        return 1
    return wanted if 1 <= wanted <= CACHED_LIST_PAGES else None


def list_results(
    *, cpas: Cpas, form: RequestFilterForm, query: QueryDict, list_path: str, full_path: str
) -> str:
    """The count, table and pagination of a valid search, as HTML. `query` is the list's GET
    parameters, `list_path` its path, `full_path` both as asked (the details' way back).

    The unread and the read list (no date, no reference), pages 1 to CACHED_LIST_PAGES, are
    cached by CPAS, the token of its requests' last change (`ListVersion`, which database
    triggers renew on every change), the language, the list and the page number shown: the
    HTML depends on nothing else, its links (pagination, details and their return) being built
    from the list's canonical query rather than copied from the URL, since one cached page is
    served for several URLs. Agents of a CPAS going back and forth between these lists read
    them without querying the requests, and a new, read or unread request makes a new key at
    once. Any other search (a date range, a reference, a page further on or below 1) is rendered
    each time: keyed by what the agent typed, the cache would grow without bound.
    """
    list_query = form.plain_list_query
    page_number = query.get("page")
    number = cached_page_number(page_number)
    if list_query is None or number is None:
        base_query = query.copy()
        base_query.pop("page", None)
        return render_results(
            page=list_page(cpas=cpas, form=form, page_number=page_number),
            base_query=base_query,
            return_path=full_path,
        )
    token = ListVersion.objects.token_for(cpas)
    key = f"requests_online:list:{cpas.pk}:{token}:{get_language()}:{list_query}:{number}"
    results = cache.get(key)
    if results is None:
        results = render_results(
            page=list_page(cpas=cpas, form=form, page_number=str(number)),
            base_query=QueryDict(list_query),
            return_path=f"{list_path}?{list_query}&page={number}",
        )
        cache.set(key, results, LIST_CACHE_SECONDS)
    return results


def render_results(*, page: Page, base_query: QueryDict, return_path: str) -> str:
    """The results partial: the one project pagination keeps `base_query` in its links."""
    return render_to_string(
        "requests_online/_partials/results.html",
        {
            "page": page,
            "base_query": base_query,
            "return_query": urlencode({RETURN_PARAMETER: return_path}),
        },
    )
