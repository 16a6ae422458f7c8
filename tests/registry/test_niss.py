import pytest
from django.core.exceptions import ValidationError

from registry.niss import format_niss, is_valid_niss, niss_kind, normalize_niss
from registry.search import find_by_niss
from tests.factories import PersonFactory, make_niss


@pytest.mark.parametrize(
    "typed", ["97432405115", "974324 051 15", "97.43.24-051.15", " 97432405115 "]
)
def test_it_accepts_the_manuals_bis_number_as_people_type_it(typed):
    assert normalize_niss(typed) == "97432405115"


def test_the_manuals_number_is_a_bis_number():
    assert niss_kind("97432405115") == "bis"
    assert niss_kind("85073003328") == "nn"


def test_it_formats_numbers_as_in_the_manuals_result_list():
    assert format_niss("97432405115") == "974324 051 15"


@pytest.mark.parametrize(
    "number",
    [
        "85073003328",  # born in 1985
        "17073003384",  # born in 2017: check digits computed with the "2" prefix
        make_niss(2003, 2, 28, 2),
        make_niss(2000, 1, 1, 1),
        make_niss(1999, 12, 31, 998),
        make_niss(1980, 6, 0, 3),  # day unknown
        make_niss(1975, 0, 0, 5),  # day and month unknown
        make_niss(1990, 4, 12, 7, bis=True),  # BIS, sex known (+40)
        "90" + "27" + "0700" + "7" + f"{97 - int('902707007') % 97:02d}",  # BIS, sex unknown (+20)
    ],
)
def test_valid_numbers_are_accepted(number):
    assert is_valid_niss(number), number


def test_births_from_2000_use_the_2_prefix_for_the_check_digits():
    assert make_niss(2017, 7, 30, 33) == "17073003384"
    assert make_niss(1917, 7, 30, 33) == "17073003355"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("97432405116", "chiffres de contrôle incorrects"),
        ("12345678901", "chiffres de contrôle incorrects"),
        ("9743240511", "doit contenir 11 chiffres"),
        ("974324051155", "doit contenir 11 chiffres"),
        ("97A32405115", "doit contenir 11 chiffres"),
        ("", "Veuillez indiquer un numéro NISS"),
    ],
)
def test_malformed_numbers_get_a_clear_french_message(typed, message):
    with pytest.raises(ValidationError) as error:
        normalize_niss(typed)
    assert message in error.value.messages[0]


@pytest.mark.django_db
def test_find_by_niss_finds_the_person_whatever_the_input_form():
    person = PersonFactory(niss="97432405115", birth_year=1997, birth_month=3, birth_day=24)
    assert find_by_niss("97.43.24-051.15") == person
    assert find_by_niss("974324 051 15") == person


@pytest.mark.django_db
def test_find_by_niss_returns_none_for_an_unknown_valid_number():
    assert find_by_niss("85073003328") is None


@pytest.mark.django_db
def test_find_by_niss_raises_on_a_bad_checksum():
    with pytest.raises(ValidationError, match="chiffres de contrôle incorrects"):
        find_by_niss("97432405116")
