"""The phonetic search reads indexes, never a table from end to end: every statement a search
runs is explained on SQLite and PostgreSQL (issue #17: with or without a first name, a small
window read whole, a large one read nearest first and counted)."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.candidates import (
    NameSource,
    PersonSource,
    Window,
    nearest_statement,
    window_statement,
)
from registry.search import (
    persons_born_between,
    phonetic_search,
    surnames_sounding_like,
)
from tests.factories import make_niss

pytestmark = pytest.mark.django_db


@pytest.fixture
def population():
    call_command("generate_registry", count=20000, seed=5, no_progress=True, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plan(queryset) -> str:
    return queryset.explain()


def explain(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_uses_an_index(text: str, table: str, index: str | None):
    """`index` None: any index of the table will do (SQLite names constraint indexes itself)."""
    if connection.vendor == "sqlite":
        assert f"SCAN {table}" not in text, text
        assert f"SEARCH {table} USING" in text, text
    else:
        assert "Seq Scan" not in text, text
        assert "Index" in text, text
    if index is not None:
        assert index in text, text


def assert_no_scan(text: str):
    if connection.vendor == "sqlite":
        assert "SCAN registry_" not in text, text
    else:
        assert "Seq Scan" not in text, text


def assert_no_sort(text: str):
    assert "TEMP B-TREE" not in text and "Sort" not in text, text


def window(start, end, *, sex=None, typed=None):
    typed_start, typed_end = typed or (start, end)
    return Window(start, end, typed_start, typed_end, sex)


def test_the_surname_key_lookup_uses_its_index(population):
    text = plan(surnames_sounding_like("Peeters"))
    assert_uses_an_index(text, "registry_surnamekey", None)


def test_the_person_lookup_uses_the_surname_window_index(population):
    surnames = list(set(surnames_sounding_like("Peeters")))
    assert surnames
    queryset = persons_born_between(surnames, date(1960, 1, 1), date(1970, 12, 31))
    assert_uses_an_index(plan(queryset), "registry_person", "person_surname_window")


def test_the_person_lookup_with_sex_still_uses_the_index(population):
    surnames = list(set(surnames_sounding_like("Dubois")))
    queryset = persons_born_between(surnames, date(1980, 5, 1), date(1980, 5, 31), sex="F")
    assert_uses_an_index(plan(queryset), "registry_person", "person_surname_window")


@pytest.mark.parametrize(
    ("last_name", "birth_date", "criteria"),
    [
        ("Peeters", "00/00/1965", {"tolerance": 10}),  # a large window, no first name
        ("Peeters", "00/00/1965", {"tolerance": 10, "first_names": "Jan"}),  # by given name
        ("Dubois", "00/05/1980", {"tolerance": 2, "sex": "F"}),
        ("Dubois", "12/03/1975", {"first_names": "Marie", "sex": "F"}),
        ("Kowaltchyk", "00/00/1980", {"tolerance": 3, "first_names": "Anna"}),
        ("van de", "00/00/1970", {"tolerance": 10}),  # particles only
        ("V", "00/00/1970", {"tolerance": 10}),  # one letter
    ],
)
def test_every_statement_of_a_search_reads_an_index(population, last_name, birth_date, criteria):
    with CaptureQueriesContext(connection) as queries:
        phonetic_search(last_name, birth_date, **criteria)
    statements = [query["sql"] for query in queries.captured_queries]
    assert statements
    for sql in statements:
        text = explain(sql)
        assert_no_scan(text)
        if "registry_person" in sql and "registry_personname" not in sql and "IN (" not in sql:
            assert "person_surname_window" in text, text


@pytest.mark.parametrize("with_first_name", [False, True])
def test_the_window_is_counted_from_its_index_and_its_persons_read_by_id(
    population, with_first_name
):
    """Every condition of the window is on its index's columns: SQLite reads the index
    alone; PostgreSQL does too on vacuumed pages (its plan for this small test table may
    visit them: the conditions are still index conditions, not filters on table rows). The
    persons of a small window are then read by primary key."""
    surnames = dict.fromkeys(set(surnames_sounding_like("Peeters")), 1.0)
    searched = window(date(1955, 1, 1), date(1975, 12, 31), sex="F")
    if with_first_name:
        source = NameSource(surnames, {"anna": 1.0, "anne": 0.9}, searched)
        index = "personname_search"
    else:
        source, index = PersonSource(surnames, searched), "person_surname_window"
    sql, params = window_statement(source, 2000, 400)
    assert "LIMIT 2001" in sql
    text = explain(sql, params)
    assert_no_scan(text)
    assert index in text, text
    if connection.vendor == "sqlite":
        assert f"COVERING INDEX {index}" in text, text
    else:
        conditions = [
            line for line in text.splitlines() if "Index Cond" in line and "surname_index" in line
        ]
        assert conditions, text
        assert all("birth_date_max" in line and "sex" in line for line in conditions), text


@pytest.fixture
def crowd(population):
    """1,500 men named Peeters with the first name Jan, born 1955-1975: the windows the
    nearest-first reading is for (the planner reads them in order only when they are large)."""
    from registry.bulk import write_households
    from registry.bulk.records import HouseholdRecord, PersonRecord

    def households():
        for serial in range(1500):
            born = date(1955, 1, 1) + timedelta(days=serial * 5)
            record = PersonRecord(
                niss=make_niss(born.year, born.month, born.day, 901 + (serial % 49) * 2),
                last_name="Peeters",
                first_names="Jan",
                sex="M",
                birth_year=born.year,
                birth_month=born.month,
                birth_day=born.day,
            )
            yield HouseholdRecord(members=[(record, "chef")])

    write_households(households)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.mark.parametrize("with_first_name", [False, True])
def test_nearest_first_reads_each_key_in_index_order_with_a_limit(crowd, with_first_name):
    """Each part of the nearest-first statement is a range of one surname (and form) read in
    the index's order, forwards or backwards, up to its LIMIT: no sort."""
    typed = (date(1965, 1, 1), date(1965, 12, 31))
    searched = window(date(1955, 1, 1), date(1975, 12, 31), typed=typed, sex="M")
    surnames = {"PEETERS": 1.0, "PIETERS": 0.95}
    if with_first_name:
        source = NameSource(surnames, {"jan": 1.0}, searched)
        keys, index = [("PEETERS", "jan"), ("PIETERS", "jan")], "personname_search"
    else:
        source = PersonSource(surnames, searched)
        keys, index = ["PEETERS", "PIETERS"], "person_surname_window"
    # Twenty a side, as the list's worth is a small share of a national window (the planner
    # rightly sorts a range hardly larger than its LIMIT).
    sql, params = nearest_statement(source, keys, 20)
    assert sql.count("LIMIT 20") == 4
    text = explain(sql, params)
    assert_no_scan(text)
    assert text.count(index) == 4, text
    if connection.vendor == "sqlite" or not with_first_name:
        assert_no_sort(text)
    else:
        # PostgreSQL multiplies the surname's and the form's shares as if independent and
        # expects 9 of the 1,500 Jan Peeters: it may sort so small a range; every part still
        # stops at its LIMIT.
        assert text.count("Limit") == 4, text
