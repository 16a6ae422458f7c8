"""« Vouliez-vous dire ? » (registry.suggest): one slip corrected at a time, strong matches only."""

import pytest
from django.utils import translation

from registry.partial_date import PartialDate
from registry.search import suggest_persons
from registry.suggest import Reason, differing_parts
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def person(**fields):
    values = {
        "last_name": "Delacroix",
        "first_names": "Louise Marie",
        "sex": "F",
        "birth_year": 1988,
        "birth_month": 5,
        "birth_day": 12,
    }
    values.update(fields)
    return PersonFactory(**values)


def suggested(*args, **kwargs) -> list[tuple[str, list[str]]]:
    return [
        (reason, [p.niss for p in persons]) for reason, persons in suggest_persons(*args, **kwargs)
    ]


def test_a_day_and_month_swap_suggests_the_person_born_on_the_swapped_date():
    louise = person()
    assert suggested("Delacroix", "05/12/1988", first_names="Louise") == [
        (Reason.DAY_MONTH, [louise.niss])
    ]


def test_the_year_s_last_two_digits_swapped_are_undone():
    louise = person(birth_year=1985)
    assert suggested("Delacroix", "12/05/1958", first_names="Louise") == [
        (Reason.YEAR_DIGITS, [louise.niss])
    ]


def test_the_day_s_digits_swapped_are_undone():
    louise = person(birth_day=12)
    assert suggested("Delacroix", "21/05/1988", first_names="Louise") == [
        (Reason.DAY_DIGITS, [louise.niss])
    ]


def test_a_surname_typed_in_the_first_name_box_and_the_first_name_in_the_name_box():
    louise = person()
    assert suggested("Louise", "12/05/1988", first_names="Delacroix") == [
        (Reason.NAMES, [louise.niss])
    ]


def test_the_wrong_sex_chosen_suggests_the_person_of_the_other_sex():
    dominique = person(first_names="Dominique", sex="M")
    assert suggested("Delacroix", "12/05/1988", first_names="Dominique", sex="F") == [
        (Reason.SEX, [dominique.niss])
    ]


def test_the_reasons_are_the_translatable_labels_of_the_issue():
    with translation.override("fr"):
        labels = [str(reason.label) for reason in Reason]
    assert labels == [
        "jour et mois inversés",
        "chiffres du jour inversés",
        "chiffres de l'année inversés",
        "nom et prénom inversés",
        "sexe différent",
    ]


def test_nothing_is_suggested_when_the_search_found_the_typed_first_name():
    person(birth_month=12, birth_day=5, first_names="Louise")  # born on the date typed
    person()  # and the swap's Louise
    assert suggested("Delacroix", "05/12/1988", first_names="Louise") == []


def test_the_search_s_results_can_be_handed_over_instead_of_searched_again(
    django_assert_num_queries,
):
    found_louise = person(birth_month=12, birth_day=5, first_names="Louise")
    person()
    with django_assert_num_queries(0):
        assert (
            suggested("Delacroix", "05/12/1988", first_names="Louise", found=[found_louise]) == []
        )


def test_without_a_first_name_nothing_is_suggested():
    person()
    assert suggested("Delacroix", "05/12/1988") == []


def test_a_weak_match_on_the_first_name_is_not_suggested():
    person(first_names="Louisette")
    assert suggested("Delacroix", "05/12/1988", first_names="Louise") == []


def test_at_most_five_persons_per_reason():
    for _ in range(8):
        person(first_names="Louise")
    ((reason, persons),) = suggest_persons("Delacroix", "05/12/1988", first_names="Louise")
    assert reason == Reason.DAY_MONTH
    assert len(persons) == 5


def test_a_person_found_by_two_corrections_is_suggested_once():
    # 02/01/1988 ± 10 days: its day and month swapped (01/02 ± 10) and its day's digits
    # swapped (20/01 ± 10) both reach the 25th of January.
    louise = person(birth_month=1, birth_day=25)
    assert suggested("Delacroix", "02/01/1988", first_names="Louise", tolerance=10) == [
        (Reason.DAY_MONTH, [louise.niss])
    ]


def test_the_sex_typed_still_filters_the_date_corrections():
    person()
    assert suggested("Delacroix", "05/12/1988", first_names="Louise", sex="M") == []


def test_the_tolerance_applies_to_the_corrected_date():
    louise = person(birth_day=11)
    assert suggested("Delacroix", "05/12/1988", first_names="Louise", tolerance=1) == [
        (Reason.DAY_MONTH, [louise.niss])
    ]


def test_the_corrections_cost_four_index_look_ups(django_assert_num_queries):
    person(first_names="Anne")
    person(last_name="Louise", first_names="Paul")
    # After the search (one statement here: the surname's keys and the given-name keys,
    # none of which leads to Louise, so no person is read): the surname's keys and the
    # persons in the windows of the date's three corrections and of the other sex, in one;
    # the same two for the exchanged names.
    with django_assert_num_queries(1 + 2 + 2):
        assert suggested("Delacroix", "12/05/1987", first_names="Louise", sex="F") == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # 00/00/AAAA: only the year can be corrected.
        ("00/00/1958", [Reason.YEAR_DIGITS]),
        # 31/02 does not exist; its day's digits make 13/02.
        ("31/02/1988", [Reason.DAY_DIGITS]),
        # 29/02 in 1986 does not exist; in 1968 it does.
        ("29/02/1986", [Reason.YEAR_DIGITS]),
        # Typed month first: 05/13 does not exist, 13/05 does.
        ("05/13/1988", [Reason.DAY_MONTH]),
    ],
)
def test_any_date_the_agent_can_type_gives_a_suggestion_or_none(typed, expected):
    person(birth_year=1985, birth_month=0, birth_day=0, first_names="Anne")
    person(birth_month=2, birth_day=13, first_names="Anne")
    person(birth_year=1968, birth_month=2, birth_day=29, first_names="Anne")
    person(birth_month=5, birth_day=13, first_names="Anne")
    assert [reason for reason, _persons in suggested("Delacroix", typed, first_names="Anne")] == (
        expected
    )


@pytest.mark.parametrize(
    "typed",
    [
        "13/05/1988",  # swapped: 05/13 does not exist
        "31/04/1988",  # does not exist; 13/04 does, and nobody was born then
        "29/02/1987",  # does not exist, nor 29/02/1978
        "00/13/1988",
        "15/00/1988",
        "00/00/1899",
        "01/01/1700",
        "12/05/3000",
        "99/99/9999",
        "",
        "garbage",
        "12/05/88",
    ],
)
def test_a_date_no_correction_can_save_raises_nothing(typed):
    person()
    assert isinstance(suggest_persons("Delacroix", typed, first_names="Louise"), list)


@pytest.mark.parametrize("tolerance", ["abc", None, -3, 99])
def test_a_tolerance_out_of_bounds_raises_nothing(tolerance):
    louise = person()
    assert suggested("Delacroix", "05/12/1988", first_names="Louise", tolerance=tolerance) == [
        (Reason.DAY_MONTH, [louise.niss])
    ]


def test_a_partial_date_object_is_taken_as_well_as_typed_text():
    louise = person()
    assert suggested("Delacroix", PartialDate(1988, 12, 5), first_names="Louise") == [
        (Reason.DAY_MONTH, [louise.niss])
    ]


def test_a_surname_made_only_of_a_particle_brings_no_flood():
    """« Van » typed as the surname and a name in the first name box: nobody is strongly
    « Van », and exchanging the boxes would search every « Van » given name (Nguyen Van An)."""
    for serial in range(10):
        person(last_name="Nguyen", first_names=f"Van {serial}", sex="M")
        person(last_name="Van", first_names="Nguyen", sex="M")
    person(last_name="Vann", first_names="Nguyen", sex="M")
    assert suggested("Van", "05/12/1988", first_names="Nguyen") == []
    assert suggested("de la", "05/12/1988", first_names="Nguyen") == []
    # A first name box holding only a particle is never exchanged into the name box, and the
    # date's correction lists five persons at most.
    result = suggested("Nguyen", "05/12/1988", first_names="Van")
    assert [reason for reason, _persons in result] == [Reason.DAY_MONTH]
    assert len(result[0][1]) == 5


def test_differing_parts_ignore_unknown_parts():
    assert differing_parts(PartialDate(1988, 12, 5), PartialDate(1988, 5, 12)) == {"day", "month"}
    assert differing_parts(PartialDate(1958, 0, 0), PartialDate(1985, 5, 12)) == {"year"}
    assert differing_parts(PartialDate(1988, 5, 0), PartialDate(1988, 5, 12)) == set()
