"""`RegistryBulkWriter`: writes the registry in batches, with ids assigned here, in one
transaction, through the database's mode (`registry.bulk.modes`).

Persons arrive by the million, so rows are written with `executemany` (SQLite) or `COPY`
(PostgreSQL) instead of one ORM save each. An import that fails leaves the registry as it
was.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

from registry.bulk import reading
from registry.bulk.modes import mode_for_connection
from registry.bulk.records import BadRow, HouseholdRecord, LoadItem, PersonRecord, WriteStats
from registry.bulk.rows import (
    ADDRESS_COLUMNS,
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMNS,
    PERSON_COLUMNS,
    RowBuilder,
    Rows,
    build_batches,
    names_of,
    person_row,
    update_columns,
)
from registry.models import (
    NAME_COLUMNS,
    Address,
    GivenNameKey,
    Household,
    HouseholdMember,
    Person,
    SurnameKey,
)
from registry.pipeline import in_background, in_parallel


class RegistryBulkWriter:
    """Writes the registry in batches, with ids assigned here, in one transaction.

    Use as a context manager inside which nothing else writes the registry tables (on
    PostgreSQL the tables are locked; SQLite's write transaction is exclusive already).
    A person whose NISS exists is updated; a household any of whose members exists is
    skipped (generated data run twice adds nothing).

    Into an empty registry (a first load), the secondary indexes are built once at the end,
    much faster than updating them row by row; the transaction keeps it all-or-nothing.
    """

    def __init__(self, *, batch_size: int = 5000):
        self.batch_size = batch_size
        self.stats = WriteStats()
        self._surnames: set[str] = set()
        self._given_forms: set[str] = set()
        self._atomic = transaction.atomic()
        self._mode = mode_for_connection()

    def __enter__(self) -> RegistryBulkWriter:
        self._gc_was_enabled = gc.isenabled()
        # Millions of short-lived rows would trigger thousands of cyclic collections, each
        # walking every live object; the rows form no cycles, reference counting frees them.
        gc.disable()
        self._mode.before_transaction()
        try:
            self._atomic.__enter__()
        except BaseException:
            self._leave_bulk_mode()
            raise
        self._mode.prepare()
        self._next_ids = {
            table: (model.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
            for table, model in (
                ("address", Address),
                ("person", Person),
                ("household", Household),
                ("member", HouseholdMember),
            )
        }
        # Into an empty registry no NISS can exist yet: the items are unique by construction
        # (generation) or checked by the reader (CSV), so batches need no look-up and can be
        # built in a second process.
        self._started_empty = not Person.objects.exists()
        self._restore = self._mode.defer_indexes() if self._started_empty else []
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self._mode.finish(self._restore)
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

    def _leave_bulk_mode(self) -> None:
        self._mode.after_transaction()
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
        self, path: Path, seen: reading.SeenNiss, *, workers: int = reading.CSV_WORKERS
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
        chunk_size = reading.CSV_CHUNK

        def make_chunks(worker: int, workers: int) -> Iterator[Rows]:
            chunks = reading.registry_csv_chunks(
                path, worker=worker, workers=workers, chunk_size=chunk_size
            )
            for chunk, items in chunks:
                offset = chunk * chunk_size
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
        insert = self._mode.insert
        if rows.addresses:
            insert("registry_address", ADDRESS_COLUMNS, rows.addresses)
        if rows.persons:
            insert("registry_person", PERSON_COLUMNS, rows.persons)
        if rows.households:
            insert("registry_household", HOUSEHOLD_COLUMNS, rows.households)
        if rows.members:
            insert("registry_householdmember", MEMBER_COLUMNS, rows.members)
        if rows.updates:
            rows.names.extend(self._update(rows.updates))
        if rows.names:
            insert("registry_personname", list(NAME_COLUMNS), rows.names)
        new_forms = {name[1] for name in rows.names} - self._given_forms
        if new_forms:
            GivenNameKey.objects.ensure_for(new_forms)
            self._given_forms |= new_forms
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

    @staticmethod
    def _update(updates: list[tuple[int, PersonRecord, int | None]]) -> list[tuple]:
        """Updates the persons; returns their PersonName rows, the old ones deleted."""
        names = []
        with connection.cursor() as cursor:
            for person_id, record, address_id in updates:
                row = person_row(person_id, record, address_id)
                values = dict(zip(PERSON_COLUMNS, row, strict=True))
                columns = update_columns(keep_address=address_id is None)
                assignments = ", ".join(f"{column} = %s" for column in columns)
                cursor.execute(
                    f"UPDATE registry_person SET {assignments} WHERE id = %s",  # noqa: S608
                    [values[column] for column in columns] + [person_id],
                )
                names.extend(names_of(row))
            placeholders = ", ".join(["%s"] * len(updates))
            cursor.execute(
                f"DELETE FROM registry_personname WHERE person_id IN ({placeholders})",  # noqa: S608
                [person_id for person_id, _record, _address in updates],
            )
        return names

    @staticmethod
    def _reset_sequences() -> None:
        statements = connection.ops.sequence_reset_sql(
            no_style(), [Address, Person, Household, HouseholdMember]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def csv_items(path: Path, seen: reading.SeenNiss) -> Iterator[LoadItem]:
    """A registry CSV's rows as load items: each person alone (updated when it exists), each
    bad row with its reason."""
    for line, item in reading.parse_registry_csv(path, seen):
        if isinstance(item, str):
            yield BadRow(line, item)
        else:
            yield HouseholdRecord(members=[(item, "")]), True


def _without_duplicates(batches: Iterable[Rows], seen: reading.SeenNiss) -> Iterator[Rows]:
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
                    rows.errors.append((line, reading.duplicate_niss(row[niss_column])))
                else:
                    kept.append(row)
                    kept_lines.append(line)
            used = {row[address_column] for row in kept}
            rows.addresses = [address for address in rows.addresses if address[0] in used]
            kept_ids = {row[0] for row in kept}
            rows.names = [name for name in rows.names if name[0] in kept_ids]
            rows.persons, rows.person_lines = kept, kept_lines
            rows.stats.created = len(kept)
            rows.errors.sort()
        yield rows
