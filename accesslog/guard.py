"""The database guard that keeps the access log append-only, whatever writes to it.

Django's model and queryset refuse updates and deletes, but `_raw_delete`, `loaddata`, an
admin action or a plain SQL `UPDATE` would go around them. Triggers in the database refuse
every UPDATE and DELETE (and TRUNCATE on PostgreSQL) of the guarded tables, on SQLite and on
PostgreSQL alike. The same statements are used by the migration that installs the guard, by
`purge_access_log` (which lifts it inside its own transaction only) and by the test suite's
database flush.

Anybody who can run DDL as the table's owner can still drop the triggers: the guard protects
against the application and against mistakes, not against the database's owner. That is why
the purge command records every purge in a table that stays guarded.
"""

from __future__ import annotations

ENTRY_TABLE = "accesslog_accesslogentry"
PURGE_TABLE = "accesslog_accesslogpurge"
GUARDED_TABLES = (ENTRY_TABLE, PURGE_TABLE)
REFUSAL = "the access log is append-only"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accesslog_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$
"""


def install_statements(vendor: str, tables: tuple[str, ...] = GUARDED_TABLES) -> list[str]:
    """The statements that put the guard on `tables` (idempotent)."""
    if vendor == "postgresql":
        statements = [POSTGRES_FUNCTION]
        for table in tables:
            statements += [
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION accesslog_append_only()",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION accesslog_append_only()",
            ]
        return statements
    if vendor == "sqlite":
        statements = []
        for table in tables:
            for operation in ("UPDATE", "DELETE"):
                name = f"{table}_no_{operation.lower()}"
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}: {operation} on {table} refused'); END",
                ]
        return statements
    raise NotImplementedError(f"no access-log guard for the {vendor} backend")


def remove_statements(vendor: str, tables: tuple[str, ...] = GUARDED_TABLES) -> list[str]:
    """The statements that lift the guard from `tables` (the PostgreSQL function stays)."""
    if vendor == "postgresql":
        return [
            statement
            for table in tables
            for statement in (
                f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            )
        ]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {table}_no_{operation}"
            for table in tables
            for operation in ("update", "delete")
        ]
    raise NotImplementedError(f"no access-log guard for the {vendor} backend")
