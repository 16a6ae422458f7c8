"""The reads of the request list (requests_online/selectors.py): what they find, how many
queries they make, and which pages the cache keeps."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_online.forms import RequestFilterForm
from requests_online.selectors import (
    CACHED_LIST_PAGES,
    PAGE_SIZE,
    cached_page_number,
    list_page,
    list_results,
    request_by_reference,
)
from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db

LIST = reverse("requests_online:list")


def submitted(cpas, day: date, **kwargs):
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    return OnlineRequestFactory(cpas=cpas, submitted_on=day, submitted_at=moment, **kwargs)


def valid_form(query: str) -> RequestFilterForm:
    form = RequestFilterForm(QueryDict(query))
    assert form.is_valid(), form.errors
    return form


def request_table_queries(context) -> int:
    return sum("requests_online_onlinerequest" in q["sql"] for q in context.captured_queries)


def results(cpas, query: str) -> str:
    return list_results(
        cpas=cpas,
        form=valid_form(query),
        query=QueryDict(query),
        list_path=LIST,
        full_path=f"{LIST}?{query}",
    )


def test_the_reference_2A90072YKMHZ_of_the_cpas_is_found_in_one_query(cpas):
    wanted = submitted(cpas, date(2024, 7, 24), reference="2A90072YKMHZ")
    with CaptureQueriesContext(connection) as queries:
        assert request_by_reference(cpas=cpas, reference=" 2a90 072y kmhz ") == wanted.pk
    assert len(queries) == 1


def test_a_reference_of_another_cpas_or_unknown_finds_nothing(cpas, other_cpas):
    submitted(other_cpas, date(2024, 7, 20), reference="LIEGE0000005")
    assert request_by_reference(cpas=cpas, reference="LIEGE0000005") is None
    assert request_by_reference(cpas=cpas, reference="ZZZZZZZZZZZZ") is None
    assert request_by_reference(cpas=other_cpas, reference="liege0000005") is not None


def test_a_list_page_is_two_queries_the_count_and_its_rows(cpas):
    for _ in range(3):
        submitted(cpas, date(2024, 7, 24))
    form = valid_form("mode=demandes&state=non_lues")
    with CaptureQueriesContext(connection) as queries:
        page = list_page(cpas=cpas, form=form, page_number="1")
        rows = list(page.object_list)
    assert len(rows) == 3
    assert len(queries) == 2


@pytest.mark.parametrize(
    ("page_number", "expected"),
    [("4", 3), ("999", 3), ("0", 3), ("-1", 3), ("abc", 1), ("2.5", 1), ("", 1), (None, 1)],
)
def test_a_page_out_of_range_gives_the_last_page_and_garbage_the_first(cpas, page_number, expected):
    for _ in range(2 * PAGE_SIZE + 1):
        submitted(cpas, date(2024, 7, 10))
    page = list_page(
        cpas=cpas, form=valid_form("mode=demandes&state=non_lues"), page_number=page_number
    )
    assert page.number == expected
    assert page.paginator.num_pages == 3


@pytest.mark.parametrize(
    ("page_number", "expected"),
    [
        (None, 1),
        ("", 1),
        ("abc", 1),
        ("1", 1),
        (str(CACHED_LIST_PAGES), CACHED_LIST_PAGES),
        (str(CACHED_LIST_PAGES + 1), None),
        ("0", None),
        ("-1", None),
        ("9" * 5000, 1),
    ],
)
def test_only_pages_1_to_10_are_cached(page_number, expected):
    assert cached_page_number(page_number) == expected


def test_the_unread_list_seen_again_reads_no_request_row(cpas):
    item = submitted(cpas, date(2024, 7, 24))
    first = results(cpas, "mode=demandes&state=non_lues")
    with CaptureQueriesContext(connection) as again:
        second = results(cpas, "mode=demandes&state=non_lues")
    assert request_table_queries(again) == 0
    assert len(again) == 1  # the CPAS's list version
    assert second == first
    assert item.reference in second


def test_a_date_range_is_read_each_time_in_two_queries(cpas):
    submitted(cpas, date(2024, 7, 24))
    query = "mode=demandes&state=non_lues&date_from=01%2F07%2F2024"
    results(cpas, query)
    with CaptureQueriesContext(connection) as again:
        results(cpas, query)
    assert request_table_queries(again) == 2
    assert len(again) == 2  # no list version: nothing is cached


def test_a_cached_page_links_to_its_list_not_to_the_url_it_was_first_asked_with(cpas):
    for _ in range(PAGE_SIZE + 1):
        submitted(cpas, date(2024, 7, 24), read_at=timezone.now())
    query = "state=lues&utm=campagne&mode=demandes&date_from=&page=1"
    html = results(cpas, query)
    assert "campagne" not in html
    assert 'href="?mode=demandes&amp;state=lues&amp;page=2"' in html
    assert "retour=%2Fdemandes-cpas-online%2F%3Fmode%3Ddemandes%26state%3Dlues%26page%3D1" in html


def test_a_page_rendered_each_time_keeps_the_search_in_its_links(cpas):
    for _ in range(PAGE_SIZE + 1):
        submitted(cpas, date(2024, 7, 24))
    query = "mode=demandes&state=non_lues&date_from=1&date_from_month=7&date_from_year=2024"
    html = results(cpas, query)
    assert (
        'href="?mode=demandes&amp;state=non_lues&amp;date_from=1&amp;date_from_month=7'
        '&amp;date_from_year=2024&amp;page=2"'
    ) in html
