"""Triggers that refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) of the access log and
of its purge records, whatever issues them: see accesslog/guard.py."""

from django.db import migrations

from accesslog import guard


def install(apps, schema_editor):
    for statement in guard.install_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def remove(apps, schema_editor):
    for statement in guard.remove_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS accesslog_append_only()")


class Migration(migrations.Migration):
    dependencies = [("accesslog", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
