"""The access log is append-only in the database itself: whatever issues the UPDATE or DELETE
(the ORM's back doors, loaddata, plain SQL), the triggers refuse it."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from accesslog.models import AccessAction, AccessLogEntry, AccessLogPurge, ImmutableRecordError
from tests.factories import make_log_entry

pytestmark = pytest.mark.django_db

NISS = "97432405115"


@pytest.fixture
def entry(agent_profile):
    return make_log_entry(agent_profile, NISS, AccessAction.PERSON_DETAILS)


def refused(callable_) -> None:
    """The database refuses the statement (IntegrityError on SQLite's RAISE(ABORT) and on
    PostgreSQL's restrict_violation); the transaction goes on without it."""
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        callable_()


def test_plain_sql_update_is_refused(entry):
    def update():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accesslog_accesslogentry SET niss = %s", ["85073003328"])

    refused(update)
    assert AccessLogEntry.objects.get().niss == NISS


def test_plain_sql_delete_is_refused(entry):
    def delete():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accesslog_accesslogentry")

    refused(delete)
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_orm_s_raw_delete_is_refused(entry):
    refused(lambda: AccessLogEntry.objects.all()._raw_delete(connection.alias))
    assert AccessLogEntry.objects.count() == 1


def test_a_save_on_an_existing_primary_key_inserts_and_fails(entry):
    copy = AccessLogEntry.objects.get(pk=entry.pk)
    copy._state.adding = True  # as a hand-built instance with a known pk would be
    copy.niss = "85073003328"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert AccessLogEntry.objects.get().niss == NISS


def test_a_saved_entry_cannot_be_saved_again(entry):
    entry.niss = "85073003328"
    with pytest.raises(ImmutableRecordError):
        entry.save()
    with pytest.raises(ImmutableRecordError):
        entry.save(force_update=True)
    assert AccessLogEntry.objects.get().niss == NISS


def test_loaddata_cannot_overwrite_an_entry(entry, tmp_path):
    fixture = tmp_path / "forged.json"
    fields = {
        "user": entry.user_id,
        "cpas": entry.cpas_id,
        "role": entry.role,
        "created_at": entry.created_at.isoformat(),
        "niss": "85073003328",
        "action": entry.action,
        "showing": str(entry.showing),
    }
    fixture.write_text(
        json.dumps([{"model": "accesslog.accesslogentry", "pk": entry.pk, "fields": fields}])
    )
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)
    assert AccessLogEntry.objects.get().niss == NISS


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_truncate_is_refused_on_postgresql(entry):
    def truncate():
        with connection.cursor() as cursor:
            # The test's transaction holds deferred foreign-key checks, which TRUNCATE
            # would refuse on their own: check them now, so that only the guard can refuse.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE accesslog_accesslogentry CASCADE")

    refused(truncate)
    assert AccessLogEntry.objects.count() == 1


def test_purge_records_are_guarded_too():
    from django.utils import timezone

    purge = AccessLogPurge.objects.create(
        operator="ops", retention_days=3650, purged_before=timezone.now(), rows_deleted=0
    )

    def update():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE accesslog_accesslogpurge SET rows_deleted = 0")

    refused(update)
    with pytest.raises(ImmutableRecordError):
        purge.delete()


def test_rows_can_still_be_added(entry, agent_profile):
    make_log_entry(agent_profile, "85073003328", AccessAction.PERSON_DETAILS)
    assert AccessLogEntry.objects.count() == 2
