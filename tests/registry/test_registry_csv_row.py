"""One registry CSV row: each column checked, each bad value reported with its reason."""

import pytest

from registry.bulk.reading import parse_registry_row
from registry.bulk.records import RowError
from tests.factories import make_niss

NISS = make_niss(1980, 6, 15, 3)


def row(**values):
    return {
        "niss": NISS,
        "last_name": "Peeters",
        "first_names": "Jan",
        "birth_date": "1980-06-15",
        "sex": "M",
        **values,
    }


@pytest.mark.parametrize(
    ("birth_date", "reason"),
    [
        ("15/06/1980", "birth_date invalide : '15/06/1980' (AAAA-MM-JJ, 00 si inconnu)"),
        ("1980-06", "birth_date invalide : '1980-06' (AAAA-MM-JJ, 00 si inconnu)"),
        ("1799-06-15", "birth_date invalide : année 1799"),
        ("2031-06-15", "birth_date invalide : année 2031"),
        ("1980-13-00", "birth_date invalide : '1980-13-00'"),
        ("1980-00-15", "birth_date invalide : '1980-00-15'"),
        ("1990-02-31", "birth_date impossible : '1990-02-31'"),
    ],
)
def test_a_bad_birth_date_says_why(birth_date, reason):
    with pytest.raises(RowError) as caught:
        parse_registry_row(row(birth_date=birth_date), this_year=2030)
    assert str(caught.value) == reason


def test_a_partial_birth_date_keeps_its_unknown_parts():
    record = parse_registry_row(row(birth_date="1980-06-00"))
    assert (record.birth_year, record.birth_month, record.birth_day) == (1980, 6, 0)


def test_optional_columns_by_code_or_label_cut_to_their_length():
    record = parse_registry_row(
        row(
            birth_place="L" * 90,
            nationality="Belge",
            civil_status="Marié(e)",
            civil_status_since="2010-05-01",
            register="bis",
        )
    )
    assert record.birth_place == "L" * 80
    assert (record.nationality, record.civil_status, record.register) == ("Belge", "marie", "bis")
    assert record.civil_status_since.isoformat() == "2010-05-01"
    assert record.death_date is None


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"civil_status": "fiancé"}, "civil_status inconnu : 'fiancé'"),
        ({"register": "autre"}, "register inconnu : 'autre'"),
        (
            {"civil_status_since": "01/05/2010"},
            "civil_status_since invalide : '01/05/2010' (AAAA-MM-JJ attendu)",
        ),
        (
            {"street": "Rue Haute"},
            "adresse incomplète : house_number, postal_code, locality manquant(s)",
        ),
    ],
)
def test_a_bad_optional_column_says_why(values, reason):
    with pytest.raises(RowError) as caught:
        parse_registry_row(row(**values))
    assert str(caught.value) == reason


def test_an_address_takes_belgium_for_its_country_by_default():
    record = parse_registry_row(
        row(street="Rue Haute", house_number="3", postal_code="4000", locality="Liège")
    )
    assert record.address.country == "Belgique"
    assert (record.address.street, record.address.box) == ("Rue Haute", "")
