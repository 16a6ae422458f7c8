"""The SQL of answering one message, written once from the models' `_meta`.

`sppis_process` must answer at least 1,000 forms a second on SQLite (issue #16). Each message
takes a handful of statements, and the ORM spent about ten times longer compiling each of them
than the database spent running it (bench/sppis_bench.py: ~300 µs against ~30 µs). The
statements of that loop are therefore built here once, from the models' table and column
names, and their values go through each field's own `get_db_prep_save` (UUIDs, dates, JSON on
either database). The lock is Django's own `FOR UPDATE SKIP LOCKED` clause where the database
has it (PostgreSQL; SQLite serialises writers, its transactions are IMMEDIATE). Everything
else in the app uses the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.db import connection

from sppis_simulator.models import (
    AnswerCounter,
    MessageState,
    ReceivedMessage,
    RecordedForm,
)

HISTORY_COLUMNS = (
    "id",
    "kind",
    "effective_date",
    "piis_code",
    "shortage_code",
    "beneficiary_activation_month",
    "partner_activation_month",
    "nature",
)


@dataclass(frozen=True)
class Recorded:
    """An accepted form as the rules read it (a row of RecordedForm, these columns only)."""

    pk: int
    kind: str
    effective_date: date
    piis_code: int | None
    shortage_code: int | None
    beneficiary_activation_month: date | None
    partner_activation_month: date | None
    nature: int | None


@dataclass(frozen=True)
class Taken:
    """The columns of a received message that answering it reads."""

    pk: int
    body: str
    size: int
    received_at: datetime


def table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


# Values every database takes as they are; the others (UUIDs, dates, decimals, JSON) go
# through their field.
PLAIN = (str, int, bool, type(None))


def prepared(model, values: dict) -> list:
    """The values as the database takes them, each through its field."""
    return [
        value
        if isinstance(value, PLAIN)
        else model._meta.get_field(name).get_db_prep_save(value, connection)
        for name, value in values.items()
    ]


@cache
def converters(model, name: str, vendor: str) -> tuple:
    col = model._meta.get_field(name).get_col(model._meta.db_table)
    return col, tuple(connection.ops.get_db_converters(col) + col.get_db_converters(connection))


def from_db(model, name: str, value):
    """A column's value as the ORM would give it (SQLite returns dates and datetimes as text)."""
    col, functions = converters(model, name, connection.vendor)
    for convert in functions:
        value = convert(value, col, connection)
    return value


# Table and column names in braces (`{message}`, `{m[id]}`): `names()` fills them from the
# models' _meta; values are always parameters (%s).
TEMPLATES = {
    "take": "SELECT {m[id]}, {m[body]}, {m[size]}, {m[received_at]} FROM {message} "
    "WHERE {m[id]} = %s AND {m[processed_at]} IS NULL {lock}",
    "history": "SELECT {history_columns} FROM {recorded} WHERE {r[niss]} = %s "
    "AND {r[current]} = %s ORDER BY {r[effective_date]}, {r[kind]}, {r[id]}",
    "retire": "UPDATE {recorded} SET {r[current]} = %s WHERE {r[id]} = %s AND {r[current]} = %s",
    "count": "UPDATE {counter} SET {c[value]} = {c[value]} + 1 WHERE {c[id]} = %s "
    "RETURNING {c[value]}",
    "answered": "UPDATE {message} SET {m[processed_at]} = %s, {m[state]} = %s WHERE {m[id]} = %s",
}
INSERT_TEMPLATE = "INSERT INTO {table} ({columns}) VALUES ({placeholders})"


class Columns(dict):
    """A model's quoted column names, by field name."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def __missing__(self, name: str) -> str:
        return column(self.model, name)


def names() -> dict:
    return {
        "message": table(ReceivedMessage),
        "recorded": table(RecordedForm),
        "counter": table(AnswerCounter),
        "m": Columns(ReceivedMessage),
        "r": Columns(RecordedForm),
        "c": Columns(AnswerCounter),
        "history_columns": ", ".join(column(RecordedForm, n) for n in HISTORY_COLUMNS),
        # PostgreSQL: skip a row another transaction holds. SQLite has no row locks (its
        # IMMEDIATE transactions serialise writers) and no such clause.
        "lock": connection.ops.for_update_sql(skip_locked=True)
        if connection.features.has_select_for_update_skip_locked
        else "",
    }


@cache
def sql(name: str, vendor: str) -> str:
    """The statement `name`, for the database `vendor` (cached per vendor: a test run may
    switch databases, a process never does)."""
    return TEMPLATES[name].format(**names())


@cache
def insert_sql(model, fields: tuple[str, ...], vendor: str) -> str:
    columns = ", ".join(column(model, name) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return INSERT_TEMPLATE.format(table=table(model), columns=columns, placeholders=placeholders)


def insert(model, values: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(insert_sql(model, tuple(values), connection.vendor), prepared(model, values))


def take(message_pk: int) -> Taken | None:
    """The message if it is unprocessed and no other transaction holds it; locked until this
    transaction ends (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(sql("take", connection.vendor), [message_pk])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, body, size, received_at = row
    return Taken(pk, body, size, from_db(ReceivedMessage, "received_at", received_at))


def history(niss: str) -> tuple[Recorded, ...]:
    with connection.cursor() as cursor:
        cursor.execute(sql("history", connection.vendor), [niss, True])
        rows = cursor.fetchall()
    return tuple(
        Recorded(
            *(
                from_db(RecordedForm, name, value)
                for name, value in zip(HISTORY_COLUMNS, row, strict=True)
            )
        )
        for row in rows
    )


def retire(recorded_pk: int) -> bool:
    """Marks a B replaced by a correction; False when another transaction did it first."""
    with connection.cursor() as cursor:
        cursor.execute(sql("retire", connection.vendor), [False, recorded_pk, True])
        return cursor.rowcount == 1


def next_sequence() -> int:
    """The next answer number. UPDATE … RETURNING takes the counter's row lock, held until
    this transaction commits: a transaction numbered after another commits after it."""
    with connection.cursor() as cursor:
        cursor.execute(sql("count", connection.vendor), [1])
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    AnswerCounter.objects.bulk_create([AnswerCounter(pk=1, value=0)], ignore_conflicts=True)
    return next_sequence()


def mark_answered(message_pk: int, moment: datetime) -> None:
    values = prepared(
        ReceivedMessage, {"processed_at": moment, "state": MessageState.ANSWERED.value}
    )
    with connection.cursor() as cursor:
        cursor.execute(sql("answered", connection.vendor), [*values, message_pk])
