"""The partial birth date: what agents type, what registry files hold, its bounds and display."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from registry.partial_date import PartialDate, PartialDateError


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15/06/1980", PartialDate(1980, 6, 15)),
        ("00/06/1980", PartialDate(1980, 6, 0)),
        ("00/00/1980", PartialDate(1980, 0, 0)),
        (" 5 / 6 / 1980 ", PartialDate(1980, 6, 5)),
        ("29/02/2000", PartialDate(2000, 2, 29)),
    ],
)
def test_what_an_agent_types(typed, expected):
    assert PartialDate.parse(typed) == expected


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("", "birth_date_format", "Date de naissance invalide : utilisez le format JJ/MM/AAAA"),
        ("12/05/88", "birth_date_format", "utilisez le format JJ/MM/AAAA (00 si inconnu)."),
        ("01/01/1799", "birth_year", "Année de naissance invalide."),
        (f"01/01/{date.today().year + 1}", "birth_year", "Année de naissance invalide."),
        ("01/13/2000", "month", "Mois de naissance invalide (01 à 12, ou 00)."),
        ("15/00/2000", "day_without_month", "le jour doit l'être aussi (00/00/AAAA)."),
        ("31/02/2000", "impossible_date", "impossible : 31/02/2000 n'existe pas."),
        ("29/02/2001", "impossible_date", "29/02/2001 n'existe pas."),
    ],
)
def test_what_an_agent_cannot_type_says_why(typed, code, message):
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(typed)
    assert caught.value.code == code
    assert message in caught.value.messages[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1980-06-15", PartialDate(1980, 6, 15)),
        ("1980-06-00", PartialDate(1980, 6, 0)),
        ("1980-00-00", PartialDate(1980, 0, 0)),
        (" 1980-6-5 ", PartialDate(1980, 6, 5)),
    ],
)
def test_what_a_registry_file_holds(text, expected):
    assert PartialDate.from_iso(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("15/06/1980", "birth_date_format"),
        ("1980-06", "birth_date_format"),
        ("1980-xx-00", "birth_date_format"),
        ("1799-01-01", "birth_year"),
        ("2031-01-01", "birth_year"),
        ("2000-13-00", "month"),
        ("2000-00-15", "day_without_month"),
        ("2001-02-29", "impossible_date"),
        ("2000-04-31", "impossible_date"),
    ],
)
def test_what_a_registry_file_cannot_hold_says_why(text, code):
    with pytest.raises(PartialDateError) as caught:
        PartialDate.from_iso(text, this_year=2030)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("born", "earliest", "latest"),
    [
        (PartialDate(1980, 6, 15), date(1980, 6, 15), date(1980, 6, 15)),
        (PartialDate(1980, 6, 0), date(1980, 6, 1), date(1980, 6, 30)),
        (PartialDate(2004, 2, 0), date(2004, 2, 1), date(2004, 2, 29)),
        (PartialDate(2003, 2, 0), date(2003, 2, 1), date(2003, 2, 28)),
        (PartialDate(1980, 0, 0), date(1980, 1, 1), date(1980, 12, 31)),
    ],
)
def test_the_earliest_and_latest_possible_dates(born, earliest, latest):
    assert (born.earliest, born.latest) == (earliest, latest)


def test_it_shows_as_the_registries_do():
    assert str(PartialDate(1980, 6, 0)) == "00/06/1980"
    assert PartialDate(1980, 0, 0).display == "00/00/1980"
    assert PartialDate(1988, 5, 12).display == "12/05/1988"
    assert PartialDate(1980, 6, 0).iso == "1980-06-00"


def test_parsing_what_it_shows_gives_it_back():
    for born in (PartialDate(1980, 6, 0), PartialDate(1980, 0, 0), PartialDate(1988, 5, 12)):
        assert PartialDate.parse(born.display) == born
        assert PartialDate.from_iso(born.iso) == born
