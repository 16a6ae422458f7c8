"""What a bulk load does differently on each database: the PostgreSQL mode and the SQLite
mode of `RegistryBulkWriter`.

Each one prepares the tables for a load, sets aside the indexes and constraints of a first
load (into an empty registry) and gives back the statements that restore them, inserts rows
the fastest way the database offers, and restores everything at the end.
"""

from __future__ import annotations

from django.db import connection

from registry.models import Person

REGISTRY_TABLES = [
    "registry_address",
    "registry_person",
    "registry_household",
    "registry_householdmember",
    "registry_personname",
]


class PostgresMode:
    """Rows by `COPY`; the tables locked for the load; a first load drops the foreign-key and
    unique constraints and the secondary indexes, and builds them once at the end."""

    def before_transaction(self) -> None:
        pass

    def prepare(self) -> None:
        """Inside the transaction: nothing else writes the registry until it ends."""
        with connection.cursor() as cursor:
            cursor.execute(
                "LOCK TABLE registry_address, registry_person, registry_household, "
                "registry_householdmember, registry_personname IN SHARE ROW EXCLUSIVE MODE"
            )

    def defer_indexes(self) -> list[str]:
        """Drops the constraints and secondary indexes; returns the statements restoring them.

        Each constraint is then checked in one pass over the table instead of one queued
        check per row (at national scale, tens of millions).
        """
        restore: list[str] = []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype IN ('f', 'u') "
                "AND conrelid::regclass::text = ANY(%s) ORDER BY contype DESC, conname",
                [REGISTRY_TABLES],
            )
            for table, name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                # Unique constraints ('u') sort first: foreign keys need them back first.
                restore.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                [REGISTRY_TABLES],
            )
            for name, sql in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                restore.append(sql)
        return restore

    def insert(self, table: str, columns: list[str], rows: list) -> None:
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self, restore: list[str]) -> None:
        """Inside the transaction, after the last row: the indexes and constraints back."""
        with connection.cursor() as cursor:
            if restore:
                # Sorting for index builds in memory rather than on disk.
                cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for sql in restore:
                cursor.execute(sql)

    def after_transaction(self) -> None:
        pass


class SqliteMode:
    """Rows by `executemany`; a first load builds the secondary indexes once at the end.

    SQLite cannot drop table constraints: it keeps its unique indexes. Outside a transaction
    (as in production, not in tests), a first load also checks foreign keys once at the end,
    like `loaddata`, instead of on every row, and uses a rollback journal: WAL would write
    every new page twice. Rollback still undoes everything.
    """

    def __init__(self) -> None:
        self.first_load = False
        self._journal_mode = ""

    def before_transaction(self) -> None:
        """Outside the transaction, since SQLite allows neither switch inside one."""
        if Person.objects.exists():
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            self._journal_mode = cursor.fetchone()[0]
            if connection.disable_constraint_checking():
                self.first_load = True
                # Returns the mode in force: WAL stays when another connection is open.
                cursor.execute("PRAGMA journal_mode = DELETE")

    def prepare(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache

    def defer_indexes(self) -> list[str]:
        """Drops the secondary indexes; returns the statements restoring them."""
        restore: list[str] = []
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(REGISTRY_TABLES))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "  # noqa: S608
                f"AND sql IS NOT NULL AND tbl_name IN ({placeholders})",
                REGISTRY_TABLES,
            )
            for name, sql in cursor.fetchall():
                # With foreign keys checked on every row, SQLite checks partners' forward
                # references through the partner index.
                if not self.first_load and "partner_id" in sql:
                    continue
                cursor.execute(f'DROP INDEX "{name}"')
                restore.append(sql)
        return restore

    def insert(self, table: str, columns: list[str], rows: list) -> None:
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )

    def finish(self, restore: list[str]) -> None:
        with connection.cursor() as cursor:
            for sql in restore:
                cursor.execute(sql)
        if self.first_load:
            connection.check_constraints(table_names=REGISTRY_TABLES)

    def after_transaction(self) -> None:
        """Foreign keys checked on every row again, and the journal as it was."""
        if self.first_load:
            self.first_load = False
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA journal_mode = {self._journal_mode}")
            connection.enable_constraint_checking()


def mode_for_connection() -> PostgresMode | SqliteMode:
    return PostgresMode() if connection.vendor == "postgresql" else SqliteMode()
