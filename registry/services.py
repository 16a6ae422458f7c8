"""Writing the registry in bulk: CSV import and generated populations.

Persons arrive by the million, so rows are written with `executemany` (SQLite) or `COPY`
(PostgreSQL) with ids assigned here, instead of one ORM save each. Everything runs in one
transaction: an import that fails leaves the registry as it was.
"""

from __future__ import annotations

import csv
import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import connection, transaction

from registry.models import (
    Address,
    CivilStatus,
    Household,
    HouseholdMember,
    Person,
    Register,
    Sex,
    SurnameKey,
)
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
from registry.pipeline import in_background, in_parallel

SEXES = frozenset(Sex.values)
REGISTRY_TABLES = [
    "registry_address",
    "registry_person",
    "registry_household",
    "registry_householdmember",
]
REQUIRED_COLUMNS = ["niss", "last_name", "first_names", "birth_date", "sex"]
OPTIONAL_COLUMNS = [
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


@dataclass(frozen=True, slots=True)
class AddressRecord:
    street: str
    house_number: str
    postal_code: str
    locality: str
    box: str = ""
    country: str = "Belgique"


@dataclass(slots=True)
class PersonRecord:
    niss: str
    last_name: str
    first_names: str
    sex: str
    birth_year: int
    birth_month: int
    birth_day: int
    birth_place: str = ""
    nationality: str = ""
    civil_status: str = ""
    civil_status_since: date | None = None
    register: str = ""
    death_date: date | None = None
    address: AddressRecord | None = None
    reference_address: AddressRecord | None = None


@dataclass(slots=True)
class HouseholdRecord:
    """Persons living together; `partners` are pairs of indexes into `members`."""

    members: list[tuple[PersonRecord, str]]
    address: AddressRecord | None = None
    partners: list[tuple[int, int]] = field(default_factory=list)


class RowError(Exception):
    pass


# --- CSV rows -----------------------------------------------------------------------------


@functools.cache
def _choice_lookup(choices) -> dict[str, str]:
    """Codes and French labels, case-insensitive, for one set of choices."""
    lookup = {}
    for code, label in choices.choices:
        lookup[code.casefold()] = code
        lookup[str(label).casefold()] = code
    return lookup


def _choice(value: str, choices, column: str) -> str:
    wanted = value.strip().casefold()
    if not wanted:
        return ""
    try:
        return _choice_lookup(choices)[wanted]
    except KeyError:
        raise RowError(f"{column} inconnu : {value!r}") from None


def _iso_date(value: str, column: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise RowError(f"{column} invalide : {value!r} (AAAA-MM-JJ attendu)") from error


def _birth_date(value: str, this_year: int | None) -> PartialDate:
    try:
        return PartialDate.from_iso(value, this_year=this_year)
    except PartialDateError as error:
        if error.code == FORMAT:
            raise RowError(
                f"birth_date invalide : {value!r} (AAAA-MM-JJ, 00 si inconnu)"
            ) from error
        if error.code == YEAR:
            year = int(value.strip().split("-")[0])
            raise RowError(f"birth_date invalide : année {year}") from error
        if error.code in (MONTH, DAY_WITHOUT_MONTH):
            raise RowError(f"birth_date invalide : {value!r}") from error
        if error.code == IMPOSSIBLE:
            raise RowError(f"birth_date impossible : {value!r}") from error
        raise


def parse_registry_row(row: dict[str, str], *, this_year: int | None = None) -> PersonRecord:
    """One CSV row (values already stripped) → a PersonRecord, or RowError with the reason."""
    get = row.get
    try:
        niss = normalize_niss(get("niss", ""))
    except ValidationError as error:
        raise RowError(f"niss {get('niss', '')!r} : {error.messages[0]}") from error
    last_name = get("last_name", "")
    first_names = get("first_names", "")
    if not surname_index(last_name):
        raise RowError("last_name vide")
    if len(last_name) > 100 or len(first_names) > 150:
        raise RowError("nom ou prénoms trop longs")
    sex = get("sex", "").upper()
    if sex not in SEXES:
        raise RowError(f"sex invalide : {get('sex', '')!r} (M ou F)")
    born = _birth_date(get("birth_date", ""), this_year)
    address = None
    street, postal_code = get("street", ""), get("postal_code", "")
    if street or postal_code:
        house_number, locality = get("house_number", ""), get("locality", "")
        if not (street and house_number and postal_code and locality):
            missing = [
                column
                for column in ("street", "house_number", "postal_code", "locality")
                if not get(column)
            ]
            raise RowError(f"adresse incomplète : {', '.join(missing)} manquant(s)")
        address = AddressRecord(
            street=street[:120],
            house_number=house_number[:12],
            box=get("box", "")[:12],
            postal_code=postal_code[:8],
            locality=locality[:80],
            country=get("country") or "Belgique",
        )
    return PersonRecord(
        niss=niss,
        last_name=last_name,
        first_names=first_names,
        sex=sex,
        birth_year=born.year,
        birth_month=born.month,
        birth_day=born.day,
        birth_place=get("birth_place", "")[:80],
        nationality=get("nationality", "")[:60],
        civil_status=_choice(get("civil_status", ""), CivilStatus, "civil_status"),
        civil_status_since=_iso_date(get("civil_status_since", ""), "civil_status_since"),
        register=_choice(get("register", ""), Register, "register"),
        address=address,
    )


CSV_CHUNK = 5000
# Processes checking a CSV on a first load, beside the one writing it.
CSV_WORKERS = min(2, os.cpu_count() or 1)


def parse_registry_csv(path: Path, seen: SeenNiss) -> Iterator[tuple[int, PersonRecord | str]]:
    """Streams (line number, record), or (line number, reason) for a bad row.

    Line numbers are the file's (the header is line 1). A NISS seen twice is an error on its
    second line (`seen` remembers them). A file without the mandatory columns raises RowError.
    """
    for _chunk, items in registry_csv_chunks(path):
        valid = [item.niss for _line, item in items if not isinstance(item, str)]
        repeated = iter(seen.repeated(valid))
        for line, item in items:
            if not isinstance(item, str) and next(repeated):
                item = duplicate_niss(item.niss)
            yield line, item


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


def duplicate_niss(niss: str) -> str:
    return f"NISS {niss} présent plusieurs fois dans le fichier"


def registry_csv_chunks(
    path: Path, *, worker: int = 0, workers: int = 1, chunk_size: int | None = None
) -> Iterator[tuple[int, list[tuple[int, PersonRecord | str]]]]:
    """The file's rows, each checked alone, in chunks of `chunk_size` lines: (chunk index,
    [(line, record or reason), ...]). Only the chunks `worker` owns (index % workers ==
    worker), so that several processes can share the checking.

    Duplicates across rows are the caller's to find (they need the whole file).
    """
    chunk_size = chunk_size or CSV_CHUNK
    this_year = date.today().year
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [column.strip() for column in next(reader, [])]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise RowError(f"colonnes obligatoires manquantes : {', '.join(missing)}")
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


# --- bulk writing -------------------------------------------------------------------------

PERSON_COLUMNS = [
    "id",
    "niss",
    "last_name",
    "first_names",
    "sex",
    "birth_year",
    "birth_month",
    "birth_day",
    "birth_date_min",
    "birth_date_max",
    "surname_index",
    "birth_place",
    "nationality",
    "civil_status",
    "civil_status_since",
    "partner_id",
    "register",
    "death_date",
    "residential_address_id",
    "reference_address_id",
]
ADDRESS_COLUMNS = ["id", "street", "house_number", "box", "postal_code", "locality", "country"]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(slots=True)
class WriteStats:
    created: int = 0
    updated: int = 0
    skipped: int = 0


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str


# What a load consumes: a household (upsert False: skipped when a member exists), a single
# person (upsert True: updated when the NISS exists), or a bad input row to report.
LoadItem = tuple[HouseholdRecord, bool] | BadRow


@dataclass(slots=True)
class Rows:
    """One batch of table rows with their ids, ready for the database."""

    addresses: list[tuple] = field(default_factory=list)
    persons: list[list] = field(default_factory=list)
    households: list[tuple] = field(default_factory=list)
    members: list[tuple] = field(default_factory=list)
    updates: list[tuple[int, PersonRecord, int | None]] = field(default_factory=list)
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
        address_ids: dict[AddressRecord, int] = {}

        def address_id(record: AddressRecord | None) -> int | None:
            if record is None:
                return None
            if record not in address_ids:
                new_id = self._take_id("address")
                address_ids[record] = new_id
                rows.addresses.append(
                    (
                        new_id,
                        record.street,
                        record.house_number,
                        record.box,
                        record.postal_code,
                        record.locality,
                        record.country,
                    )
                )
            return address_ids[record]

        for unit, upsert in units:
            if upsert:
                record = unit.members[0][0]
                rows.surnames.add(record.last_name)
                if record.niss in existing:
                    rows.updates.append((existing[record.niss], record, address_id(record.address)))
                    rows.stats.updated += 1
                else:
                    rows.persons.append(
                        person_row(self._take_id("person"), record, address_id(record.address))
                    )
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
                row = person_row(ids[index], record, own_address, partner_of.get(index))
                row[-1] = address_id(record.reference_address)
                rows.persons.append(row)
                if household_id is not None:
                    member_id = self._take_id("member")
                    rows.members.append((member_id, household_id, ids[index], role))
            rows.stats.created += len(unit.members)
        return rows


@functools.lru_cache(maxsize=65536)
def _birth_date_bounds_iso(year: int, month: int, day: int) -> tuple[str, str]:
    born = PartialDate(year, month, day)
    return born.earliest.isoformat(), born.latest.isoformat()


def person_row(
    person_id: int, record: PersonRecord, address_id: int | None, partner_id: int | None = None
) -> list:
    low, high = _birth_date_bounds_iso(record.birth_year, record.birth_month, record.birth_day)
    return [
        person_id,
        record.niss,
        record.last_name,
        record.first_names,
        record.sex,
        record.birth_year,
        record.birth_month,
        record.birth_day,
        low,
        high,
        surname_index(record.last_name),
        record.birth_place,
        record.nationality,
        record.civil_status,
        _iso(record.civil_status_since),
        partner_id,
        record.register,
        _iso(record.death_date),
        address_id,
        None,
    ]


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


class RegistryBulkWriter:
    """Writes the registry in batches, with ids assigned here, in one transaction.

    Use as a context manager inside which nothing else writes the registry tables (on
    PostgreSQL the tables are locked; SQLite's write transaction is exclusive already).
    A person whose NISS exists is updated; a household any of whose members exists is
    skipped (generated data run twice adds nothing).
    """

    def __init__(self, *, batch_size: int = 5000):
        self.batch_size = batch_size
        self.stats = WriteStats()
        self._surnames: set[str] = set()
        self._atomic = transaction.atomic()
        self._postgres = connection.vendor == "postgresql"

    def __enter__(self) -> RegistryBulkWriter:
        self._gc_was_enabled = gc.isenabled()
        # Millions of short-lived rows would trigger thousands of cyclic collections, each
        # walking every live object; the rows form no cycles, reference counting frees them.
        gc.disable()
        self._sqlite_first_load = False
        if not self._postgres and not Person.objects.exists():
            self._enter_sqlite_first_load()
        try:
            self._atomic.__enter__()
        except BaseException:
            self._leave_bulk_mode()
            raise
        if self._postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "LOCK TABLE registry_address, registry_person, registry_household, "
                    "registry_householdmember IN SHARE ROW EXCLUSIVE MODE"
                )
        self._next_ids = {
            table: (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            for table, model in (
                ("address", Address),
                ("person", Person),
                ("household", Household),
                ("member", HouseholdMember),
            )
        }
        self._deferred_indexes: list[str] = []
        # Into an empty registry no NISS can exist yet: the items are unique by construction
        # (generation) or checked by the reader (CSV), so batches need no look-up and can be
        # built in a second process.
        self._started_empty = not Person.objects.exists()
        if not self._postgres:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache
        if self._started_empty:
            self._defer_indexes()
        return self

    def _defer_indexes(self) -> None:
        """A first load builds the secondary indexes once at the end, much faster than
        updating them row by row; the transaction keeps it all-or-nothing. On PostgreSQL
        the foreign-key and unique constraints go too and come back at the end, each checked
        in one pass over the table instead of one queued check per row (at national scale,
        tens of millions). SQLite cannot drop table constraints: it keeps its unique
        indexes and checks foreign keys at the end (see `_enter_sqlite_first_load`)."""
        with connection.cursor() as cursor:
            if self._postgres:
                cursor.execute(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                    "FROM pg_constraint WHERE contype IN ('f', 'u') "
                    "AND conrelid::regclass::text = ANY(%s) ORDER BY contype DESC, conname",
                    [REGISTRY_TABLES],
                )
                for table, name, definition in cursor.fetchall():
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                    # Unique constraints ('u') sort first: foreign keys need them back first.
                    self._deferred_indexes.append(
                        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                    )
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                    [REGISTRY_TABLES],
                )
            else:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                    "AND sql IS NOT NULL AND tbl_name IN (%s, %s, %s, %s)",
                    REGISTRY_TABLES,
                )
            for name, sql in cursor.fetchall():
                # SQLite checks partners' forward references through the partner index.
                if not self._postgres and not self._sqlite_first_load and "partner_id" in sql:
                    continue
                cursor.execute(f'DROP INDEX "{name}"')
                self._deferred_indexes.append(sql)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                with connection.cursor() as cursor:
                    if self._postgres and self._deferred_indexes:
                        # Sorting for index builds in memory rather than on disk.
                        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    for sql in self._deferred_indexes:
                        cursor.execute(sql)
                if self._sqlite_first_load:
                    connection.check_constraints(table_names=REGISTRY_TABLES)
                self._reset_sequences()
            except BaseException as error:
                try:
                    self._atomic.__exit__(type(error), error, error.__traceback__)
                finally:
                    self._leave_bulk_mode()
                raise
        try:
            return self._atomic.__exit__(exc_type, exc, tb)
        finally:
            self._leave_bulk_mode()

    def _enter_sqlite_first_load(self) -> None:
        """Outside a transaction (SQLite allows neither switch inside one, as in tests), a
        first load checks foreign keys once at the end, like `loaddata`, instead of on every
        row, and uses a rollback journal: WAL would write every new page twice. Rollback
        still undoes everything."""
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            self._journal_mode = cursor.fetchone()[0]
            if connection.disable_constraint_checking():
                self._sqlite_first_load = True
                # Returns the mode in force: WAL stays when another connection is open.
                cursor.execute("PRAGMA journal_mode = DELETE")

    def _leave_bulk_mode(self) -> None:
        if self._sqlite_first_load:
            self._sqlite_first_load = False
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA journal_mode = {self._journal_mode}")
            connection.enable_constraint_checking()
        if self._gc_was_enabled:
            gc.enable()

    def batches(self, make_items: Callable[[], Iterable[LoadItem]]) -> Iterator[Rows]:
        """The batches of rows of `make_items()`, built in a forked process on a first load."""
        builder = RowBuilder(self._next_ids)
        if self._started_empty:
            return in_background(
                lambda: build_batches(
                    make_items(), builder, batch_size=self.batch_size, existing_for=None
                ),
                batch=1,
            )
        return build_batches(
            make_items(), builder, batch_size=self.batch_size, existing_for=self._existing_ids
        )

    def csv_batches(
        self, path: Path, seen: SeenNiss, *, workers: int = CSV_WORKERS
    ) -> Iterator[Rows]:
        """The batches of rows of a registry CSV.

        On a first load, `workers` forked processes check the file's chunks side by side
        (checking NISS and dates costs more than writing). Each gives ids from its rows'
        positions, since a row makes at most one person and one address: ids may have gaps.
        Duplicates are found here, where the chunks arrive in order.
        """
        if not self._started_empty:
            return self.batches(lambda: csv_items(path, seen))
        first_ids = dict(self._next_ids)

        def make_chunks(worker: int, workers: int) -> Iterator[Rows]:
            chunks = registry_csv_chunks(path, worker=worker, workers=workers, chunk_size=CSV_CHUNK)
            for chunk, items in chunks:
                offset = chunk * CSV_CHUNK
                builder = RowBuilder({table: first + offset for table, first in first_ids.items()})
                valid = [(line, item) for line, item in items if not isinstance(item, str)]
                rows = builder.build(
                    [(HouseholdRecord(members=[(item, "")]), True) for _line, item in valid], {}
                )
                rows.person_lines = [line for line, _item in valid]
                rows.errors = [(line, item) for line, item in items if isinstance(item, str)]
                yield rows

        return _without_duplicates(in_parallel(make_chunks, workers=workers), seen)

    def write(self, rows: Rows) -> None:
        self._insert("registry_address", ADDRESS_COLUMNS, rows.addresses)
        self._insert("registry_person", PERSON_COLUMNS, rows.persons)
        self._insert("registry_household", ["id", "address_id"], rows.households)
        self._insert(
            "registry_householdmember", ["id", "household_id", "person_id", "role"], rows.members
        )
        if rows.updates:
            self._update(rows.updates)
        # Keys of the surnames first seen in this batch, now rather than at the end: on a
        # first load this process would otherwise wait for the producer.
        new_surnames = rows.surnames - self._surnames
        if new_surnames:
            SurnameKey.objects.ensure_for(new_surnames)
            self._surnames |= new_surnames
        self.stats.created += rows.stats.created
        self.stats.updated += rows.stats.updated
        self.stats.skipped += rows.stats.skipped

    @staticmethod
    def _existing_ids(niss_list: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(niss_list), 2000):
            chunk = niss_list[start : start + 2000]
            found.update(Person.objects.filter(niss__in=chunk).values_list("niss", "id"))
        return found

    def _insert(self, table: str, columns: list[str], rows: list) -> None:
        if not rows:
            return
        names = ", ".join(columns)
        with connection.cursor() as cursor:
            if self._postgres:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608

    def _update(self, updates: list[tuple[int, PersonRecord, int | None]]) -> None:
        # Partner and reference address are not in the CSV: an update keeps them, and keeps
        # the residential address when the row gives none.
        kept = {"id", "partner_id", "reference_address_id"}
        with connection.cursor() as cursor:
            for person_id, record, address_id in updates:
                values = dict(
                    zip(PERSON_COLUMNS, person_row(person_id, record, address_id), strict=True)
                )
                kept_now = kept if address_id is not None else kept | {"residential_address_id"}
                columns = [column for column in PERSON_COLUMNS if column not in kept_now]
                assignments = ", ".join(f"{column} = %s" for column in columns)
                cursor.execute(
                    f"UPDATE registry_person SET {assignments} WHERE id = %s",  # noqa: S608
                    [values[column] for column in columns] + [person_id],
                )

    def _reset_sequences(self) -> None:
        statements = connection.ops.sequence_reset_sql(
            no_style(), [Address, Person, Household, HouseholdMember]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _without_duplicates(batches: Iterable[Rows], seen: SeenNiss) -> Iterator[Rows]:
    """Batches of a file's rows in file order, less the persons whose NISS an earlier row
    gave: each becomes an error on its line, and an address only it used is dropped."""
    niss_column = PERSON_COLUMNS.index("niss")
    address_column = PERSON_COLUMNS.index("residential_address_id")
    for rows in batches:
        repeated = seen.repeated([row[niss_column] for row in rows.persons])
        if any(repeated):
            kept, kept_lines = [], []
            for row, line, again in zip(rows.persons, rows.person_lines, repeated, strict=True):
                if again:
                    rows.errors.append((line, duplicate_niss(row[niss_column])))
                else:
                    kept.append(row)
                    kept_lines.append(line)
            used = {row[address_column] for row in kept}
            rows.addresses = [address for address in rows.addresses if address[0] in used]
            rows.persons, rows.person_lines = kept, kept_lines
            rows.stats.created = len(kept)
            rows.errors.sort()
        yield rows


class _BadRows(Exception):
    """Raised inside the import transaction to roll it back."""


def csv_items(path: Path, seen: SeenNiss) -> Iterator[LoadItem]:
    for line, item in parse_registry_csv(path, seen):
        if isinstance(item, str):
            yield BadRow(line, item)
        else:
            yield HouseholdRecord(members=[(item, "")]), True


def import_registry(
    *, path: Path, skip_invalid: bool = False, on_error=None, progress=None
) -> tuple[WriteStats, list[tuple[int, str]]]:
    """Imports a registry CSV in one pass and one transaction.

    Every row is validated; each bad row is reported (line, reason). When there is any and
    `skip_invalid` is off, the transaction is rolled back: nothing is imported. Returns the
    write statistics and the bad rows.
    """
    errors: list[tuple[int, str]] = []
    try:
        with RegistryBulkWriter() as writer:
            seen = SeenNiss()
            for rows in writer.csv_batches(path, seen):
                for line, reason in rows.errors:
                    errors.append((line, reason))
                    if on_error is not None:
                        on_error(line, reason)
                if progress is not None:
                    progress.update(len(rows.errors) + rows.stats.created + rows.stats.updated)
                if not errors or skip_invalid:
                    # After a bad row nothing will be kept: keep reading only to report.
                    writer.write(rows)
            seen.close()
            if errors and not skip_invalid:
                raise _BadRows
    except _BadRows:
        return WriteStats(), errors
    return writer.stats, errors


def write_households(
    make_households: Callable[[], Iterable[HouseholdRecord]], *, progress=None
) -> WriteStats:
    """Writes the households that `make_households()` produces (called in a second process
    on a first load: it must not use the database)."""
    with RegistryBulkWriter() as writer:
        for rows in writer.batches(lambda: ((household, False) for household in make_households())):
            writer.write(rows)
            if progress is not None:
                progress.update(rows.stats.created + rows.stats.skipped)
    return writer.stats
