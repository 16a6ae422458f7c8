"""The bulk load's columns agree with the models: a column added to `Person` or `Address` is
written, updated and read from registry files, or one of these tests says where it is not."""

from datetime import date

import pytest

from primaweb.addresses import PostalAddress
from registry.bulk import import_registry, reading, rows
from registry.bulk.records import PersonRecord
from registry.models import Address, Person
from tests.factories import make_niss


def columns(model) -> set[str]:
    return {field.column for field in model._meta.concrete_fields}


def test_every_person_column_is_written_once():
    assert sorted(rows.PERSON_COLUMNS) == sorted(columns(Person))


def test_every_address_column_is_written_once():
    assert sorted(rows.ADDRESS_COLUMNS) == sorted(columns(Address))


def test_the_records_carry_every_column_that_is_neither_computed_nor_a_link():
    computed = {"id", *rows.COMPUTED_COLUMNS, *rows.LINK_COLUMNS}
    assert columns(Person) - computed <= set(PersonRecord.__dataclass_fields__)
    assert columns(Address) - {"id"} <= set(PostalAddress.__dataclass_fields__)


def test_a_person_row_puts_each_value_under_its_column():
    record = PersonRecord(
        niss="80061500301",
        last_name="Van den Broeck",
        first_names="Jan",
        sex="M",
        birth_year=1980,
        birth_month=6,
        birth_day=0,
        birth_place="Gent",
        nationality="Belge",
        civil_status="marie",
        civil_status_since=date(2005, 4, 2),
        register="population",
        death_date=date(2024, 1, 3),
    )
    row = dict(zip(rows.PERSON_COLUMNS, rows.person_row(7, record, 11, 13, 17), strict=True))
    assert row == {
        "id": 7,
        "niss": "80061500301",
        "last_name": "Van den Broeck",
        "first_names": "Jan",
        "sex": "M",
        "birth_year": 1980,
        "birth_month": 6,
        "birth_day": 0,
        "birth_date_min": "1980-06-01",
        "birth_date_max": "1980-06-30",
        "surname_index": "VANDENBROECK",
        "birth_place": "Gent",
        "nationality": "Belge",
        "civil_status": "marie",
        "civil_status_since": date(2005, 4, 2),
        "partner_id": 13,
        "register": "population",
        "death_date": date(2024, 1, 3),
        "residential_address_id": 11,
        "reference_address_id": 17,
    }


def test_an_address_row_puts_each_value_under_its_column():
    record = PostalAddress("Rue Haute", "3", "4000", "Liège", box="2", country="Belgique")
    row = dict(zip(rows.ADDRESS_COLUMNS, rows.address_row(5, record), strict=True))
    assert row == {
        "id": 5,
        "street": "Rue Haute",
        "house_number": "3",
        "box": "2",
        "postal_code": "4000",
        "locality": "Liège",
        "country": "Belgique",
    }


def test_an_update_from_a_file_sets_every_column_but_the_id_and_what_files_lack():
    kept = {"id", "partner_id", "reference_address_id"}
    assert set(rows.update_columns(keep_address=False)) == columns(Person) - kept
    assert set(rows.update_columns(keep_address=True)) == columns(Person) - kept - {
        "residential_address_id"
    }


def test_files_carry_every_record_column_but_the_listed_ones():
    from_files = (
        {column for column in reading.REQUIRED_COLUMNS if column != "birth_date"}
        | set(reading.BIRTH_DATE_COLUMNS)
        | set(reading.PERSON_OPTIONAL_COLUMNS)
    )
    assert from_files | set(reading.NOT_IN_FILES) == set(rows.PERSON_RECORD_COLUMNS)
    assert not from_files & set(reading.NOT_IN_FILES)
    assert set(reading.ADDRESS_FILE_COLUMNS) == columns(Address) - {"id"}


def test_a_files_address_fills_every_address_column():
    values = {column: f"{column[:3]}1" for column in reading.ADDRESS_FILE_COLUMNS}
    record = reading.parse_registry_row(
        {
            "niss": LOUISE,
            "last_name": "Delacroix",
            "first_names": "Louise",
            "birth_date": "1988-05-12",
            "sex": "F",
            **values,
        }
    )
    assert {column: getattr(record.address, column) for column in values} == values
    assert set(PostalAddress.__dataclass_fields__) == set(values)


def test_the_file_format():
    """What `import_registry --help` and the docs promise: change them with this list."""
    assert reading.REQUIRED_COLUMNS == ["niss", "last_name", "first_names", "birth_date", "sex"]
    assert reading.OPTIONAL_COLUMNS == [
        "birth_place",
        "nationality",
        "civil_status",
        "civil_status_since",
        "register",
        "street",
        "house_number",
        "box",
        "postal_code",
        "locality",
        "country",
    ]


FILE_COLUMNS = reading.REQUIRED_COLUMNS + reading.OPTIONAL_COLUMNS
LOUISE = make_niss(1988, 5, 12, 2)
JAN = make_niss(1970, 1, 2, 1)


def write_csv(tmp_path, *lines: dict) -> str:
    path = tmp_path / "registry.csv"
    text = ",".join(FILE_COLUMNS) + "\n"
    text += "".join(
        ",".join(line.get(column, "") for column in FILE_COLUMNS) + "\n" for line in lines
    )
    path.write_text(text, encoding="utf-8")
    return path


def saved(niss: str) -> dict:
    person = Person.objects.select_related("residential_address").get(niss=niss)
    values = {column: getattr(person, column) for column in columns(Person) - {"id"}}
    address = person.residential_address
    values["address"] = address and {
        column: getattr(address, column) for column in columns(Address) - {"id"}
    }
    return values


LOUISE_ROW = {
    "niss": LOUISE,
    "last_name": "Delacroix",
    "first_names": "Louise",
    "birth_date": "1988-05-00",
    "sex": "F",
    "birth_place": "Etterbeek",
    "nationality": "Belge",
    "civil_status": "Cohabitant(e) légal(e)",
    "civil_status_since": "2015-09-01",
    "register": "population",
    "street": "Rue de Tongres",
    "house_number": "12",
    "box": "B",
    "postal_code": "3717",
    "locality": "Herstappe",
    "country": "Belgique",
}
LOUISE_SAVED = {
    "niss": LOUISE,
    "last_name": "Delacroix",
    "first_names": "Louise",
    "sex": "F",
    "birth_year": 1988,
    "birth_month": 5,
    "birth_day": 0,
    "birth_date_min": date(1988, 5, 1),
    "birth_date_max": date(1988, 5, 31),
    "surname_index": "DELACROIX",
    "birth_place": "Etterbeek",
    "nationality": "Belge",
    "civil_status": "cohabitant",
    "civil_status_since": date(2015, 9, 1),
    "partner_id": None,
    "register": "population",
    "death_date": None,
    "reference_address_id": None,
    "address": {
        "street": "Rue de Tongres",
        "house_number": "12",
        "box": "B",
        "postal_code": "3717",
        "locality": "Herstappe",
        "country": "Belgique",
    },
}


def without_address_id(values: dict) -> dict:
    return {key: value for key, value in values.items() if key != "residential_address_id"}


@pytest.mark.django_db
def test_a_file_fills_every_column_on_a_first_load_and_on_an_update(tmp_path):
    assert import_registry(path=write_csv(tmp_path, LOUISE_ROW))[0].created == 1
    assert without_address_id(saved(LOUISE)) == LOUISE_SAVED
    changed = {
        **LOUISE_ROW,
        "last_name": "Delacroix-Martin",
        "first_names": "Louise Marie",
        "birth_date": "1988-05-12",
        "birth_place": "Liège",
        "nationality": "Française",
        "civil_status": "marie",
        "civil_status_since": "2020-06-06",
        "register": "etrangers",
        "street": "Rue Haute",
        "box": "",
    }
    assert import_registry(path=write_csv(tmp_path, changed))[0].updated == 1
    assert without_address_id(saved(LOUISE)) == {
        **LOUISE_SAVED,
        "last_name": "Delacroix-Martin",
        "first_names": "Louise Marie",
        "birth_day": 12,
        "birth_date_min": date(1988, 5, 12),
        "birth_date_max": date(1988, 5, 12),
        "surname_index": "DELACROIXMARTIN",
        "birth_place": "Liège",
        "nationality": "Française",
        "civil_status": "marie",
        "civil_status_since": date(2020, 6, 6),
        "register": "etrangers",
        "address": {**LOUISE_SAVED["address"], "street": "Rue Haute", "box": ""},
    }


@pytest.mark.django_db
def test_an_update_without_an_address_keeps_the_persons_address(tmp_path):
    import_registry(path=write_csv(tmp_path, LOUISE_ROW))
    before = saved(LOUISE)
    no_address = {
        key: value for key, value in LOUISE_ROW.items() if key not in reading.ADDRESS_FILE_COLUMNS
    }
    assert import_registry(path=write_csv(tmp_path, no_address))[0].updated == 1
    assert saved(LOUISE) == before
