"""Table rows from records: the columns come from the models' `_meta`, the ids from here.

A person row holds, under the model's own column names, the record's values (same names on
`PersonRecord`), the columns computed from them (birth-date bounds, surname index) and the
links (partner, addresses). `RowBuilder` assigns the ids and touches no database, so that it
can run in a producing process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter

from primaweb.addresses import PostalAddress
from registry.bulk.records import (
    BadRow,
    HouseholdRecord,
    LoadItem,
    PersonRecord,
    WriteStats,
)
from registry.models import Address, Person, name_rows
from registry.partial_date import PartialDate
from registry.phonetics import surname_index

# Person columns that no record carries: computed from the record, or links to other rows.
COMPUTED_COLUMNS = ("birth_date_min", "birth_date_max", "surname_index")
LINK_COLUMNS = ("partner_id", "residential_address_id", "reference_address_id")
# Kept by an update from a file: files give neither partner nor reference address.
KEPT_ON_UPDATE = frozenset({"id", "partner_id", "reference_address_id"})


def _columns(model, excluded: Iterable[str] = ()) -> list[str]:
    """The model's columns in its order, less the id and `excluded`."""
    return [
        model_field.column
        for model_field in model._meta.concrete_fields
        if model_field.column != "id" and model_field.column not in excluded
    ]


# The person columns a `PersonRecord` carries under the same names (dates as dates: both
# databases take them).
PERSON_RECORD_COLUMNS = _columns(Person, COMPUTED_COLUMNS + LINK_COLUMNS)
# Every person column, in the order of `person_row`.
PERSON_COLUMNS = ["id", *PERSON_RECORD_COLUMNS, *COMPUTED_COLUMNS, *LINK_COLUMNS]
ADDRESS_COLUMNS = ["id", *_columns(Address)]
HOUSEHOLD_COLUMNS = ["id", "address_id"]
MEMBER_COLUMNS = ["id", "household_id", "person_id", "role"]

_person_values = attrgetter(*PERSON_RECORD_COLUMNS)
# Where a person row holds what its PersonName rows repeat (registry.models.name_rows).
_NAME_SOURCE = tuple(
    PERSON_COLUMNS.index(column)
    for column in (
        "id",
        "first_names",
        "surname_index",
        "birth_date_min",
        "birth_date_max",
        "sex",
    )
)


def names_of(row: list) -> list[tuple]:
    """The PersonName rows (`registry.models.NAME_COLUMNS`) of a person row."""
    return name_rows(*(row[position] for position in _NAME_SOURCE))


_address_values = attrgetter(*ADDRESS_COLUMNS[1:])


@functools.lru_cache(maxsize=65536)
def _birth_date_bounds_iso(year: int, month: int, day: int) -> tuple[str, str]:
    born = PartialDate(year, month, day)
    return born.earliest.isoformat(), born.latest.isoformat()


def person_row(
    person_id: int,
    record: PersonRecord,
    address_id: int | None,
    partner_id: int | None = None,
    reference_address_id: int | None = None,
) -> list:
    """The person's values in the order of `PERSON_COLUMNS`."""
    low, high = _birth_date_bounds_iso(record.birth_year, record.birth_month, record.birth_day)
    return [
        person_id,
        *_person_values(record),
        low,
        high,
        surname_index(record.last_name),
        partner_id,
        address_id,
        reference_address_id,
    ]


def address_row(address_id: int, record: PostalAddress) -> tuple:
    """The address's values in the order of `ADDRESS_COLUMNS`."""
    return (address_id, *_address_values(record))


def update_columns(*, keep_address: bool) -> list[str]:
    """The person columns an update from a file sets; it keeps the residential address when
    the file gives none (`keep_address`)."""
    kept = KEPT_ON_UPDATE | {"residential_address_id"} if keep_address else KEPT_ON_UPDATE
    return [column for column in PERSON_COLUMNS if column not in kept]


@dataclass(slots=True)
class Rows:
    """One batch of table rows with their ids, ready for the database."""

    addresses: list[tuple] = field(default_factory=list)
    persons: list[list] = field(default_factory=list)
    households: list[tuple] = field(default_factory=list)
    members: list[tuple] = field(default_factory=list)
    updates: list[tuple[int, PersonRecord, int | None]] = field(default_factory=list)
    # The persons' PersonName rows (the updated persons' are replaced by the writer).
    names: list[tuple] = field(default_factory=list)
    surnames: set[str] = field(default_factory=set)
    errors: list[tuple[int, str]] = field(default_factory=list)
    person_lines: list[int] = field(default_factory=list)  # of `persons`, when from a file
    stats: WriteStats = field(default_factory=WriteStats)


class RowBuilder:
    """Turns households and persons into table rows, assigning ids from `next_ids`.

    It touches no database, so that it can run in the producing process; which NISS already
    exist is told to `build`.
    """

    def __init__(self, next_ids: dict[str, int]):
        self.next_ids = dict(next_ids)

    def _take_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    def build(self, units: list[tuple[HouseholdRecord, bool]], existing: dict[str, int]) -> Rows:
        rows = Rows()
        address_ids: dict[PostalAddress, int] = {}

        def address_id(record: PostalAddress | None) -> int | None:
            if record is None:
                return None
            if record not in address_ids:
                new_id = self._take_id("address")
                address_ids[record] = new_id
                rows.addresses.append(address_row(new_id, record))
            return address_ids[record]

        for unit, upsert in units:
            if upsert:
                record = unit.members[0][0]
                rows.surnames.add(record.last_name)
                if record.niss in existing:
                    rows.updates.append((existing[record.niss], record, address_id(record.address)))
                    rows.stats.updated += 1
                else:
                    row = person_row(self._take_id("person"), record, address_id(record.address))
                    rows.persons.append(row)
                    rows.names.extend(names_of(row))
                    rows.stats.created += 1
                continue
            if any(record.niss in existing for record, _role in unit.members):
                rows.stats.skipped += len(unit.members)
                continue
            ids = [self._take_id("person") for _ in unit.members]
            partner_of = {}
            for first, second in unit.partners:
                partner_of[first] = ids[second]
                partner_of[second] = ids[first]
            shared_address = address_id(unit.address)
            household_id = self._take_id("household") if len(unit.members) > 1 else None
            if household_id is not None:
                rows.households.append((household_id, shared_address))
            for index, (record, role) in enumerate(unit.members):
                rows.surnames.add(record.last_name)
                own_address = address_id(record.address) if record.address else shared_address
                row = person_row(
                    ids[index],
                    record,
                    own_address,
                    partner_of.get(index),
                    address_id(record.reference_address),
                )
                rows.persons.append(row)
                rows.names.extend(names_of(row))
                if household_id is not None:
                    member_id = self._take_id("member")
                    rows.members.append((member_id, household_id, ids[index], role))
            rows.stats.created += len(unit.members)
        return rows


def build_batches(
    items: Iterable[LoadItem],
    builder: RowBuilder,
    *,
    batch_size: int,
    existing_for: Callable[[list[str]], dict[str, int]] | None,
) -> Iterator[Rows]:
    """Groups items into batches of rows; bad rows travel with the batch they were read in."""
    units: list[tuple[HouseholdRecord, bool]] = []
    errors: list[tuple[int, str]] = []

    def batch() -> Rows:
        niss = [record.niss for unit, _ in units for record, _role in unit.members]
        rows = builder.build(units, existing_for(niss) if existing_for and niss else {})
        rows.errors = list(errors)
        units.clear()
        errors.clear()
        return rows

    for item in items:
        if isinstance(item, BadRow):
            errors.append((item.line, item.reason))
        else:
            units.append(item)
        if len(units) >= batch_size:
            yield batch()
    yield batch()
