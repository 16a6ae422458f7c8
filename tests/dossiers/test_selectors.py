"""find_persons: typed, keyword-only criteria in; persons and their open dossiers out."""

import pytest

from dossiers.forms import IdentificationForm
from dossiers.selectors import find_persons
from registry.partial_date import PartialDate

pytestmark = pytest.mark.django_db


def test_it_finds_by_niss_with_the_open_dossier_of_the_cpas(cpas, make_dossier, louise):
    dossier = make_dossier(louise)
    result = find_persons(cpas=cpas, niss=louise.niss)
    assert [(row.person, row.open_dossier) for row in result.rows] == [(louise, dossier)]


def test_it_finds_by_sound_from_a_partial_date(cpas, louise):
    result = find_persons(
        cpas=cpas, last_name="Delacroix", birth_date=PartialDate.parse("00/03/1997"), tolerance=0
    )
    assert [row.person for row in result.rows] == [louise]
    assert not result.narrow_the_search


def test_the_form_hands_typed_criteria_to_the_selector(cpas, louise):
    form = IdentificationForm(
        {
            "mode": "phonetique",
            "last_name": " Delacroix ",
            "first_names": "Louise",
            "birth_day": "24",
            "birth_month": "3",
            "birth_year": "1997",
            "tolerance": "2",
            "sex": "F",
        }
    )
    assert form.is_valid(), form.errors
    criteria = form.search_criteria()
    assert criteria == {
        "last_name": "Delacroix",
        "birth_date": PartialDate.parse("24/03/1997"),
        "first_names": "Louise",
        "tolerance": 2,
        "sex": "F",
    }
    assert [row.person for row in find_persons(cpas=cpas, **criteria).rows] == [louise]


def test_a_surname_with_nothing_to_search_by_is_refused_by_the_form_itself():
    form = IdentificationForm(
        {
            "mode": "phonetique",
            "last_name": "123 -",
            "birth_day": "00",
            "birth_month": "00",
            "birth_year": "1990",
            "tolerance": "0",
        }
    )
    assert not form.is_valid()
    assert form.errors["last_name"] == ["Veuillez indiquer le nom."]
