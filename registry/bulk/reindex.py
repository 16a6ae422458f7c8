"""The search's own tables rebuilt from the persons (`rebuild_search_tables`): the surname keys
and spellings, the given-name keys and each person's given-name rows.

Loads and saves keep them in step. They are rebuilt when their rules change (a new phonetic
rule, a new transliteration: `registry.phonetics`, `registry.transliteration`,
`registry.given_names`), by migration 0002 for a registry loaded before them, and by
`manage.py rebuild_search_keys`. The persons are read in chunks; on PostgreSQL the
given-name rows are written by COPY, their index built once at the end.
"""

from __future__ import annotations

from django.db import connection, transaction

from registry.bulk.modes import mode_for_connection
from registry.models import NAME_COLUMNS, GivenNameKey, SurnameKey, name_rows

CHUNK = 20000
NAME_TABLES = ["registry_personname"]


def rebuild_search_tables(*, progress=None) -> int:
    """Rebuilds the search tables from the persons, in one transaction; returns the number of
    given-name rows written."""
    mode = mode_for_connection()
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_surnamekey")
        cursor.execute("DELETE FROM registry_surnamespelling")
        cursor.execute("DELETE FROM registry_givennamekey")
        cursor.execute("DELETE FROM registry_personname")
        restore = _drop_name_index(cursor)
        cursor.execute("SELECT DISTINCT last_name FROM registry_person")
        names = [row[0] for row in cursor.fetchall()]
        for start in range(0, len(names), CHUNK):
            SurnameKey.objects.ensure_for(names[start : start + CHUNK])
        forms: set[str] = set()
        last_id = 0
        while True:
            cursor.execute(
                "SELECT id, first_names, surname_index, birth_date_min, birth_date_max, sex "
                "FROM registry_person WHERE id > %s ORDER BY id LIMIT %s",
                [last_id, CHUNK],
            )
            persons = cursor.fetchall()
            if not persons:
                break
            last_id = persons[-1][0]
            rows = [row for person in persons for row in name_rows(*person)]
            mode.insert("registry_personname", list(NAME_COLUMNS), rows)
            forms.update(row[1] for row in rows)
            written += len(rows)
            if progress is not None:
                progress(len(persons))
        GivenNameKey.objects.ensure_for(forms)
        for sql in restore:
            cursor.execute(sql)
    return written


def _drop_name_index(cursor) -> list[str]:
    """Drops the given-name rows' search index (faster built once than row by row) and, on
    PostgreSQL, their foreign key (checked once at the end rather than queued row by row: an
    index cannot be built on a table with checks pending); returns the statements restoring
    them, the index first."""
    restore, constraints = [], []
    if connection.vendor == "postgresql":
        # Checks the caller's transaction left pending are made now, so that the table can
        # be altered; Django's foreign keys are deferred again once the rebuild is done.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [NAME_TABLES],
        )
        for name, definition in cursor.fetchall():
            cursor.execute(f'ALTER TABLE registry_personname DROP CONSTRAINT "{name}"')
            constraints.append(
                f'ALTER TABLE registry_personname ADD CONSTRAINT "{name}" {definition}'
            )
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [NAME_TABLES],
        )
    else:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name = %s",
            NAME_TABLES,
        )
    for name, sql in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')
        restore.append(sql)
    if connection.vendor == "postgresql":
        constraints.append("SET CONSTRAINTS ALL DEFERRED")
    return restore + constraints
