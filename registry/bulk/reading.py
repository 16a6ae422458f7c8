"""Reading a registry CSV: each row checked into a `PersonRecord` or a reason, in chunks
that several processes can share, and the NISS numbers a file gives twice.

The optional person columns are the `PersonRecord` columns of `registry.models.Person`
that files carry: each is read as its model field says (text cut to its length, a choice by
code or French label, an ISO date).
"""

from __future__ import annotations

import csv
import functools
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import DateField
from django.utils.translation import gettext as _

from primaweb.addresses import DEFAULT_COUNTRY, PostalAddress
from registry.bulk.records import PersonRecord, RowError
from registry.bulk.rows import ADDRESS_COLUMNS, PERSON_RECORD_COLUMNS
from registry.models import Address, Person, Sex
from registry.niss import normalize_niss
from registry.partial_date import (
    DAY_WITHOUT_MONTH,
    FORMAT,
    IMPOSSIBLE,
    MONTH,
    YEAR,
    PartialDate,
    PartialDateError,
)
from registry.phonetics import surname_index

SEXES = frozenset(Sex.values)
REQUIRED_COLUMNS = ["niss", "last_name", "first_names", "birth_date", "sex"]
# The person's columns that `birth_date` gives.
BIRTH_DATE_COLUMNS = ("birth_year", "birth_month", "birth_day")
# Person columns that files do not carry.
NOT_IN_FILES = ("death_date",)
PERSON_OPTIONAL_COLUMNS = [
    column
    for column in PERSON_RECORD_COLUMNS
    if column not in REQUIRED_COLUMNS
    and column not in BIRTH_DATE_COLUMNS
    and column not in NOT_IN_FILES
]
# The residential address, all four of street, house_number, postal_code, locality or none.
ADDRESS_FILE_COLUMNS = ADDRESS_COLUMNS[1:]
ADDRESS_REQUIRED_COLUMNS = ("street", "house_number", "postal_code", "locality")
OPTIONAL_COLUMNS = PERSON_OPTIONAL_COLUMNS + ADDRESS_FILE_COLUMNS

CSV_CHUNK = 5000
# Processes checking a CSV on a first load, beside the one writing it.
CSV_WORKERS = min(2, os.cpu_count() or 1)


# --- one row ------------------------------------------------------------------------------


@functools.cache
def _choice_lookup(column: str) -> dict[str, str]:
    """Codes and French labels, case-insensitive, of one person column's choices."""
    lookup = {}
    for code, label in Person._meta.get_field(column).choices:
        lookup[code.casefold()] = code
        lookup[str(label).casefold()] = code
    return lookup


def _choice(value: str, column: str) -> str:
    wanted = value.strip().casefold()
    if not wanted:
        return ""
    try:
        return _choice_lookup(column)[wanted]
    except KeyError:
        raise RowError(
            _("%(column)s inconnu : %(value)r") % {"column": column, "value": value}
        ) from None


def _iso_date(value: str, column: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise RowError(
            _("%(column)s invalide : %(value)r (AAAA-MM-JJ attendu)")
            % {"column": column, "value": value}
        ) from error


def _reader(model, column: str) -> Callable[[str], object]:
    """How a file's value becomes the column's: as its model field says."""
    model_field = model._meta.get_field(column)
    if isinstance(model_field, DateField):
        return lambda value: _iso_date(value, column)
    if model_field.choices:
        return lambda value: _choice(value, column)
    length = model_field.max_length
    return lambda value: value[:length]


PERSON_READERS = [(column, _reader(Person, column)) for column in PERSON_OPTIONAL_COLUMNS]
ADDRESS_LENGTHS = {
    column: Address._meta.get_field(column).max_length for column in ADDRESS_FILE_COLUMNS
}


def _birth_date(value: str, this_year: int | None) -> PartialDate:
    try:
        return PartialDate.from_iso(value, this_year=this_year)
    except PartialDateError as error:
        if error.code == FORMAT:
            raise RowError(
                _("birth_date invalide : %(value)r (AAAA-MM-JJ, 00 si inconnu)") % {"value": value}
            ) from error
        if error.code == YEAR:
            year = int(value.strip().split("-")[0])
            raise RowError(_("birth_date invalide : année %(year)s") % {"year": year}) from error
        if error.code in (MONTH, DAY_WITHOUT_MONTH):
            raise RowError(_("birth_date invalide : %(value)r") % {"value": value}) from error
        if error.code == IMPOSSIBLE:
            raise RowError(_("birth_date impossible : %(value)r") % {"value": value}) from error
        raise


def _address(get) -> PostalAddress | None:
    street, postal_code = get("street", ""), get("postal_code", "")
    if not (street or postal_code):
        return None
    house_number, locality = get("house_number", ""), get("locality", "")
    if not (street and house_number and postal_code and locality):
        missing = [column for column in ADDRESS_REQUIRED_COLUMNS if not get(column)]
        raise RowError(
            _("adresse incomplète : %(columns)s manquant(s)") % {"columns": ", ".join(missing)}
        )
    length = ADDRESS_LENGTHS
    return PostalAddress(
        street=street[: length["street"]],
        house_number=house_number[: length["house_number"]],
        box=get("box", "")[: length["box"]],
        postal_code=postal_code[: length["postal_code"]],
        locality=locality[: length["locality"]],
        country=get("country", "")[: length["country"]] or DEFAULT_COUNTRY,
    )


def parse_registry_row(row: dict[str, str], *, this_year: int | None = None) -> PersonRecord:
    """One CSV row (values already stripped) → a PersonRecord, or RowError with the reason."""
    get = row.get
    try:
        niss = normalize_niss(get("niss", ""))
    except ValidationError as error:
        raise RowError(
            _("niss %(value)r : %(reason)s")
            % {"value": get("niss", ""), "reason": error.messages[0]}
        ) from error
    last_name = get("last_name", "")
    first_names = get("first_names", "")
    if not surname_index(last_name):
        raise RowError(_("last_name vide"))
    if len(last_name) > 100 or len(first_names) > 150:
        raise RowError(_("nom ou prénoms trop longs"))
    sex = get("sex", "").upper()
    if sex not in SEXES:
        raise RowError(_("sex invalide : %(value)r (M ou F)") % {"value": get("sex", "")})
    born = _birth_date(get("birth_date", ""), this_year)
    record = PersonRecord(
        niss=niss,
        last_name=last_name,
        first_names=first_names,
        sex=sex,
        birth_year=born.year,
        birth_month=born.month,
        birth_day=born.day,
        address=_address(get),
    )
    for column, read in PERSON_READERS:
        setattr(record, column, read(get(column, "")))
    return record


# --- the file -----------------------------------------------------------------------------


def registry_csv_chunks(
    path: Path, *, worker: int = 0, workers: int = 1, chunk_size: int | None = None
) -> Iterator[tuple[int, list[tuple[int, PersonRecord | str]]]]:
    """The file's rows, each checked alone, in chunks of `chunk_size` lines: (chunk index,
    [(line, record or reason), ...]). Only the chunks `worker` owns (index % workers ==
    worker), so that several processes can share the checking.

    Line numbers are the file's (the header is line 1). Duplicates across rows are the
    caller's to find (they need the whole file). A file without the mandatory columns raises
    RowError.
    """
    chunk_size = chunk_size or CSV_CHUNK
    this_year = date.today().year
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [column.strip() for column in next(reader, [])]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise RowError(
                _("colonnes obligatoires manquantes : %(columns)s")
                % {"columns": ", ".join(missing)}
            )
        width = len(header)
        items: list[tuple[int, PersonRecord | str]] = []
        index = -1
        for values in reader:
            if not values:  # a blank line, as csv.DictReader skips
                continue
            index += 1
            chunk, offset = divmod(index, chunk_size)
            if offset == 0 and items:
                yield chunk - 1, items
                items = []
            if chunk % workers == worker:
                items.append((reader.line_num, _checked_row(values, header, width, this_year)))
        if items:
            yield index // chunk_size, items


def _checked_row(
    values: list[str], header: list[str], width: int, this_year: int
) -> PersonRecord | str:
    if len(values) > width:
        return "trop de colonnes"
    # A short row leaves its last columns out: they read as empty.
    row = dict(zip(header, (value.strip() for value in values), strict=False))
    try:
        return parse_registry_row(row, this_year=this_year)
    except RowError as error:
        return str(error)


def parse_registry_csv(path: Path, seen: SeenNiss) -> Iterator[tuple[int, PersonRecord | str]]:
    """Streams (line number, record), or (line number, reason) for a bad row.

    A NISS seen twice is an error on its second line (`seen` remembers them).
    """
    for _chunk, items in registry_csv_chunks(path):
        valid = [item.niss for _line, item in items if not isinstance(item, str)]
        repeated = iter(seen.repeated(valid))
        for line, item in items:
            if not isinstance(item, str) and next(repeated):
                item = duplicate_niss(item.niss)
            yield line, item


def duplicate_niss(niss: str) -> str:
    return f"NISS {niss} présent plusieurs fois dans le fichier"


class SeenNiss:
    """The NISS numbers of a file's valid rows so far, kept in a temporary table of the
    import's transaction: finding repeated numbers takes no memory that grows with the file.
    Use inside that transaction; `close` drops the table."""

    TABLE = "registry_import_seen_niss"

    def __init__(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.TABLE} (niss varchar(11) PRIMARY KEY)")

    def repeated(self, numbers: list[str]) -> list[bool]:
        """For each number in order, whether an earlier one (in an earlier call or earlier in
        this list) was the same; records them all."""
        earlier: set[str] = set()
        with connection.cursor() as cursor:
            for start in range(0, len(numbers), 500):
                chunk = numbers[start : start + 500]
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT niss FROM {self.TABLE} WHERE niss IN ({placeholders})",  # noqa: S608
                    chunk,
                )
                earlier.update(niss for (niss,) in cursor.fetchall())
            flags = []
            new: list[tuple[str]] = []
            for number in numbers:
                flags.append(number in earlier)
                if number not in earlier:
                    earlier.add(number)
                    new.append((number,))
            cursor.executemany(f"INSERT INTO {self.TABLE} (niss) VALUES (%s)", new)  # noqa: S608
        return flags

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {self.TABLE}")
