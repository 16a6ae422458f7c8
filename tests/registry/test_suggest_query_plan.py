"""« Vouliez-vous dire ? » costs a few index look-ups, never a scan: every query its
corrections run is explained and must search an index (SQLite and PostgreSQL)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.search import phonetic_search, suggest_persons
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def population():
    call_command("generate_registry", count=20000, seed=5, no_progress=True, stdout=io.StringIO())
    PersonFactory(last_name="Peeters", first_names="Xaviera", birth_year=1985, birth_month=5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def searched(last_name, birth_date, **criteria) -> int:
    """The statements of the search the suggestions start from (registry.search: spellings,
    given-name forms, the window's count, its persons)."""
    with CaptureQueriesContext(connection) as queries:
        try:
            phonetic_search(last_name, birth_date, limit=20, **criteria)
        except ValidationError:
            return 0
    return len(queries.captured_queries)


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_no_scan(text: str):
    if connection.vendor == "sqlite":
        assert "SCAN registry_" not in text, text
        assert "SEARCH registry_" in text, text
    else:
        assert "Seq Scan" not in text, text
        assert "Index" in text, text


@pytest.mark.parametrize(
    ("last_name", "birth_date", "criteria"),
    [
        ("Peeters", "05/12/1985", {"first_names": "Xaviera"}),  # every date correction
        ("Peeters", "12/05/1958", {"first_names": "Xaviera", "sex": "F", "tolerance": 2}),
        ("Xaviera", "12/05/1985", {"first_names": "Peeters"}),  # names exchanged
        ("Peeters", "00/00/1958", {"first_names": "Xaviera", "tolerance": 10}),  # year-only
        ("Peeters", "31/02/1985", {"first_names": "Xaviera"}),  # a date that does not exist
    ],
)
def test_every_query_of_the_suggestions_searches_an_index(
    population, last_name, birth_date, criteria
):
    with CaptureQueriesContext(connection) as queries:
        suggest_persons(last_name, birth_date, **criteria)
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements
    for sql in statements:
        assert_no_scan(explain(sql))
    # The search, then for each surname (typed, exchanged) a key look-up and a person look-up.
    assert len(statements) <= searched(last_name, birth_date, **criteria) + 2 * 2
    person_lookups = [sql for sql in statements if '"registry_person"' in sql]
    for sql in person_lookups:
        # By surname and date; with a first name the search reads the given-name rows'
        # index first (issue #17), then the persons by id.
        if '"registry_personname"' in sql:
            assert "personname_search" in explain(sql)
        else:
            assert "person_surname_window" in explain(sql)
    # The corrections' own look-ups read their index ranges up to the cap, unsorted.
    corrections = [
        sql
        for sql in person_lookups
        if "ORDER BY" not in sql and '"registry_personname"' not in sql
    ]
    assert corrections
    for sql in corrections:
        assert "TEMP B-TREE" not in explain(sql) and "Sort" not in explain(sql)
