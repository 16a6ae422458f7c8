"""One test per way agents type names (see the registry issue), on a small registry."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import search
from registry.search import READ_ALL_UP_TO, phonetic_search
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def person(last_name, first_names="Jean", *, sex="M", born=(1980, 6, 15)):
    year, month, day = born
    return PersonFactory(
        last_name=last_name,
        first_names=first_names,
        sex=sex,
        birth_year=year,
        birth_month=month,
        birth_day=day,
    )


def found(last_name, birth_date="15/06/1980", **options):
    return [p.last_name for p in phonetic_search(last_name, birth_date, **options)]


@pytest.mark.parametrize(
    ("registered", "typed"),
    [("Lefèbvre", "lefebvre"), ("Öztürk", "Ozturk"), ("GÉRARD", "gerard"), ("Noël", "NOEL")],
)
def test_accents_and_case_are_ignored(registered, typed):
    person(registered)
    assert found(typed) == [registered]


@pytest.mark.parametrize(
    ("registered", "typed"),
    [
        ("Van den Broeck", "Vandenbroeck"),
        ("Vandenbroeck", "Van den Broeck"),
        ("De Smet", "Desmet"),
        ("D'Hondt", "Dhondt"),
        ("De La Croix", "Delacroix"),
        ("Delacroix", "De la Croix"),
    ],
)
def test_particles_and_separators_are_ignored_or_joined(registered, typed):
    person(registered)
    assert registered in found(typed)


@pytest.mark.parametrize(
    ("registered", "typed"),
    [
        ("Claes", "Klaas"),
        ("Peeters", "Pieters"),
        ("Lefebvre", "Lefèvre"),
        ("Meyer", "Maier"),
        ("Janssens", "Jansens"),
        ("Goossens", "Gossens"),
        ("Dubois", "Duboit"),
        ("Mohammed", "Mohamed"),
        ("Yilmaz", "Yilmas"),
    ],
)
def test_french_and_dutch_spellings_of_the_same_sounds_match(registered, typed):
    person(registered)
    assert registered in found(typed)


@pytest.mark.parametrize(
    ("registered", "typed"),
    [("Vermeulen", "Vermeulne"), ("Verstraete", "Verstrate"), ("Hendrickx", "Hendricks")],
)
def test_one_typing_mistake_in_a_longer_name_is_forgiven(registered, typed):
    person(registered)
    assert registered in found(typed)


def test_one_part_of_a_double_name_finds_the_person():
    person("Dupont-Lambert")
    assert found("Dupont") == ["Dupont-Lambert"]
    assert found("Lambert") == ["Dupont-Lambert"]


def test_a_different_name_is_not_found():
    person("Dupont")
    assert found("Janssens") == []


def test_given_names_rank_and_filter_results():
    person("Dubois", "Jean-Pierre")
    person("Dubois", "Marie Louise", sex="F")
    person("Dubois", "Ahmed")
    assert [
        p.first_names for p in phonetic_search("Dubois", "15/06/1980", first_names="Jean Pierre")
    ] == ["Jean-Pierre"]
    assert [
        p.first_names for p in phonetic_search("Dubois", "15/06/1980", first_names="Marie")
    ] == ["Marie Louise"]


def test_sex_filters_results():
    person("Dubois", "Jean", sex="M")
    person("Dubois", "Jeanne", sex="F")
    assert [p.sex for p in phonetic_search("Dubois", "15/06/1980", sex="F")] == ["F"]


def test_the_birth_date_window_with_unknown_day_and_tolerance():
    person("Delacroix", born=(1988, 5, 12))
    assert found("Delacroix", "00/05/1988") == ["Delacroix"]
    assert found("Delacroix", "00/04/1988") == []
    assert found("Delacroix", "00/04/1988", tolerance=1) == ["Delacroix"]
    assert found("Delacroix", "00/00/1987", tolerance=1) == ["Delacroix"]
    assert found("Delacroix", "10/05/1988", tolerance=2) == ["Delacroix"]
    assert found("Delacroix", "10/05/1988", tolerance=1) == []


def test_a_registry_person_with_an_unknown_birth_day_is_found_when_the_months_overlap():
    person("Öztürk", born=(1980, 6, 0))
    assert found("Ozturk", "20/06/1980") == ["Öztürk"]
    assert found("Ozturk", "00/00/1980") == ["Öztürk"]
    assert found("Ozturk", "20/07/1980") == []


def test_bad_input_raises_one_message_per_field():
    with pytest.raises(ValidationError) as error:
        phonetic_search("", "31/02/2000", tolerance=11, sex="X")
    assert set(error.value.message_dict) == {"last_name", "birth_date", "tolerance", "sex"}


@pytest.mark.parametrize("birth_date", ["31/02/2000", "15/00/2000", "00/13/2000", "00/00/", ""])
def test_bad_birth_dates_are_refused(birth_date):
    with pytest.raises(ValidationError) as error:
        phonetic_search("Dupont", birth_date)
    assert "birth_date" in error.value.message_dict


@pytest.mark.parametrize("tolerance", [11, -1, "abc"])
def test_bad_tolerances_are_refused(tolerance):
    with pytest.raises(ValidationError) as error:
        phonetic_search("Dupont", "00/00/2000", tolerance=tolerance)
    assert "tolerance" in error.value.message_dict


def test_results_are_capped_by_the_limit():
    for _ in range(5):
        person("Peeters")
    assert len(phonetic_search("Peeters", "15/06/1980", limit=3)) == 3


def test_a_window_is_read_whole_up_to_400_candidates():
    assert READ_ALL_UP_TO == 400
    assert search.COUNT_UP_TO == 2000


def test_a_list_of_everyone_who_matches_is_not_truncated_and_its_count_is_exact():
    for first_names in ("Jan", "Marc", "Anne"):
        person("Peeters", first_names)
    results = phonetic_search("Peeters", "15/06/1980", limit=3)
    assert len(results) == 3
    assert results.truncated is False
    assert (results.estimated_total, results.total_is_exact) == (3, True)


def test_more_matches_than_the_list_holds_are_said_and_counted():
    for first_names in ("Jan", "Marc", "Anne", "Els", "Wim"):
        person("Peeters", first_names)
    results = phonetic_search("Peeters", "15/06/1980", limit=3)
    assert len(results) == 3
    assert results.truncated is True
    assert (results.estimated_total, results.total_is_exact) == (5, True)


def many_peeters(monkeypatch, *, read_all_up_to=10):
    """30 Peeters born 1975-1984 (three a year), and a window read nearest first past
    `read_all_up_to` candidates."""
    monkeypatch.setattr("registry.search.READ_ALL_UP_TO", read_all_up_to)
    for year in range(1975, 1985):
        for first_names in ("Jan", "Marc", "Anne"):
            person("Peeters", first_names, born=(year, 6, 15))


def test_a_large_window_lists_the_persons_nearest_the_typed_date_and_says_it_is_truncated(
    monkeypatch,
):
    many_peeters(monkeypatch)
    results = phonetic_search("Peeters", "00/00/1980", tolerance=5, limit=6)
    assert results.truncated is True
    assert len(results) == 6
    # The six nearest to 1980 come first: 1980's three, then the years on either side.
    assert sum(p.birth_year == 1980 for p in results) == 3
    assert {p.birth_year for p in results} <= {1979, 1980, 1981}
    assert results.total_is_exact is False
    assert results.estimated_total == 30  # every Peeters of the window, counted


def test_a_large_window_counted_past_the_cap_is_a_lower_bound(monkeypatch):
    many_peeters(monkeypatch)
    monkeypatch.setattr("registry.search.COUNT_UP_TO", 20)
    results = phonetic_search("Peeters", "00/00/1980", tolerance=5, limit=6)
    assert results.truncated is True
    assert (results.estimated_total, results.total_is_lower_bound) == (20, True)


def test_a_large_window_with_few_matches_for_the_first_name_lists_them_all(monkeypatch):
    many_peeters(monkeypatch, read_all_up_to=2)
    wanted = person("Peeters", "Xaviera", sex="F", born=(1976, 1, 2))
    results = phonetic_search("Peeters", "00/00/1980", first_names="Xaviera", tolerance=5)
    assert list(results) == [wanted]
    assert results.truncated is False


def test_the_first_name_filters_a_large_window_in_the_database(monkeypatch):
    many_peeters(monkeypatch, read_all_up_to=5)
    results = phonetic_search("Peeters", "00/00/1980", first_names="Jan", tolerance=5, limit=4)
    assert results.truncated is True
    assert {p.first_names for p in results} == {"Jan"}
    assert {p.birth_year for p in results} <= {1978, 1979, 1980, 1981, 1982}
    assert results.estimated_total == 10


def test_the_typed_surname_is_listed_before_sound_alikes_when_too_many_match(monkeypatch):
    monkeypatch.setattr("registry.search.READ_ALL_UP_TO", 3)
    for year in range(1976, 1985):
        person("Peters", born=(year, 6, 15))
    targets = [person("Pieters", born=(year, 6, 15)) for year in (1978, 1979, 1983)]
    results = phonetic_search("Pieters", "00/00/1980", tolerance=5, limit=3)
    assert results.truncated is True
    assert sorted(results, key=lambda p: p.birth_year) == targets


def test_every_large_window_reading_is_bounded(monkeypatch):
    """Nearest first, a tier reads the list's worth and one per surname and side of the
    typed date: never the whole window."""
    many_peeters(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        phonetic_search("Peeters", "00/00/1980", tolerance=5, limit=4)
    nearest = [q["sql"] for q in queries.captured_queries if " AS part" in q["sql"]]
    assert nearest
    for sql in nearest:
        assert re.search(r"\bLIMIT 5\b", sql), sql


@pytest.mark.parametrize("last_name", ["Le", "V", "van de"])
def test_a_surname_of_one_letter_or_of_particles_reads_a_bounded_number_of_rows(
    monkeypatch, last_name
):
    """Bad input (issue #17): a year-only date with tolerance 10 and a surname that nearly
    anything sounds like is answered « too many » from bounded readings: a count with a
    LIMIT, nearest-first parts with a LIMIT, the persons chosen by id, never a window."""
    monkeypatch.setattr("registry.search.READ_ALL_UP_TO", 10)
    registered = {"Le": "Le", "V": "V", "van de": "Vande"}[last_name]
    for year in range(1960, 1981):
        for first_names in ("Jan", "Anne"):
            person(registered, first_names, born=(year, 6, 15))
    with CaptureQueriesContext(connection) as queries:
        results = phonetic_search(last_name, "00/00/1970", tolerance=10, limit=5)
    assert results.truncated is True
    assert len(results) == 5
    assert {p.birth_year for p in results} <= {1969, 1970, 1971}
    for query in queries.captured_queries:
        sql = query["sql"]
        if '"registry_person"' not in sql:
            continue
        bounded = re.search(r"\bLIMIT \d+", sql) or re.search(
            r'"registry_person"\."id" IN \([\d, ]+\)', sql
        )
        assert bounded, sql
        if " AS part" in sql:  # each part of the nearest-first reading has its LIMIT
            assert sql.count("LIMIT 6") == sql.count(" AS part"), sql
