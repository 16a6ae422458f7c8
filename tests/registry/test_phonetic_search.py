"""One test per way agents type names (see the registry issue), on a small registry."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.search import CANDIDATE_CAP, phonetic_search
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


def test_the_default_candidate_cap_is_5000():
    assert CANDIDATE_CAP == 5000


def test_a_search_under_the_cap_is_not_truncated():
    person("Peeters")
    results = phonetic_search("Peeters", "15/06/1980", candidate_cap=1)
    assert [p.last_name for p in results] == ["Peeters"]
    assert results.truncated is False


def test_a_search_reads_at_most_the_cap_plus_one_candidates_and_says_it_was_truncated():
    # 30 persons in the window for a cap of 10: a year-only date with a tolerance.
    for year in range(1975, 1985):
        for first_names in ("Jan", "Marc", "Anne"):
            person("Peeters", first_names, born=(year, 6, 15))
    with CaptureQueriesContext(connection) as queries:
        results = phonetic_search("Peeters", "00/00/1980", tolerance=5, candidate_cap=10)
    assert results.truncated is True
    candidate_query = queries.captured_queries[-1]["sql"]
    assert "registry_person" in candidate_query
    assert re.search(r"\bLIMIT 11\b", candidate_query), candidate_query
    # The ten read are the ten nearest to the typed year, and all of them are ranked.
    assert len(results) == 10
    assert {p.birth_year for p in results} == {1979, 1980, 1981, 1982}
    assert sum(p.birth_year == 1980 for p in results) == 3


def test_the_cap_keeps_the_persons_of_the_typed_surname_before_sound_alikes():
    for _ in range(5):
        person("Peters", born=(1980, 6, 15))
    target = person("Pieters", born=(1978, 6, 15))
    results = phonetic_search("Pieters", "00/00/1980", tolerance=5, candidate_cap=3)
    assert results.truncated is True
    assert results[0] == target


def test_the_best_ranked_of_the_candidates_read_come_first():
    for year in range(1975, 1985):
        person("Peeters", "Marc", born=(year, 6, 15))
    wanted = person("Peeters", "Jan", born=(1980, 6, 15))
    results = phonetic_search(
        "Peeters", "00/00/1980", first_names="Jan", tolerance=5, candidate_cap=5
    )
    assert results.truncated is True
    assert list(results) == [wanted]


def test_the_cap_is_a_module_constant_read_at_each_search(monkeypatch):
    for year in range(1978, 1983):
        person("Peeters", born=(year, 6, 15))
    assert phonetic_search("Peeters", "00/00/1980", tolerance=2).truncated is False
    monkeypatch.setattr("registry.search.CANDIDATE_CAP", 4)
    assert phonetic_search("Peeters", "00/00/1980", tolerance=2).truncated is True
