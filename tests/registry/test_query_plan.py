"""The phonetic search is two index lookups, never a scan of the persons table."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from registry.partial_date import PartialDate
from registry.search import (
    CANDIDATE_CAP,
    candidate_persons,
    persons_born_between,
    surnames_sounding_like,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def population():
    call_command("generate_registry", count=20000, seed=5, no_progress=True, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def plan(queryset) -> str:
    return queryset.explain()


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
    ("birth_date", "tolerance", "sex"),
    [
        (PartialDate(1965, 0, 0), 10, None),
        (PartialDate(1980, 5, 0), 2, "F"),
        (PartialDate(1975, 3, 12), 0, None),
    ],
)
def test_the_capped_and_ordered_candidate_query_still_uses_the_index(
    population, birth_date, tolerance, sex
):
    """The cap is a LIMIT on the query the search runs; the order that fills it is a sort of
    the index range's rows, never a reason to scan the table."""
    queryset = candidate_persons("Peeters", birth_date, tolerance, sex=sex)[: CANDIDATE_CAP + 1]
    assert f"LIMIT {CANDIDATE_CAP + 1}" in str(queryset.query)
    text = plan(queryset)
    assert_uses_an_index(text, "registry_person", "person_surname_window")
    if connection.vendor == "postgresql":
        assert text.startswith("Limit"), text
