"""`purge_access_log`: the one documented way to remove rows, older than the retention period
only, recorded, and the guard back in place afterwards."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accesslog import guard
from accesslog.models import AccessAction, AccessLogEntry, AccessLogPurge
from accesslog.services import record_consultation

pytestmark = pytest.mark.django_db


def log_at(profile, niss: str, moment) -> None:
    (entry,) = record_consultation(
        user=profile.user,
        cpas=profile.cpas,
        role=profile.role,
        action=AccessAction.PERSON_DETAILS,
        niss_shown=[niss],
    )
    # Old rows for the test: back-dating needs the guard lifted, as the purge lifts it.
    with connection.cursor() as cursor:
        for statement in guard.remove_statements(connection.vendor, (guard.ENTRY_TABLE,)):
            cursor.execute(statement)
        cursor.execute(
            "UPDATE accesslog_accesslogentry SET created_at = %s WHERE id = %s",
            [moment, entry.pk],
        )
        for statement in guard.install_statements(connection.vendor, (guard.ENTRY_TABLE,)):
            cursor.execute(statement)


@pytest.fixture
def old_and_new(agent_profile):
    now = timezone.now()
    log_at(agent_profile, "97432405115", now - timedelta(days=4000))
    log_at(agent_profile, "85073003328", now - timedelta(days=3700))
    log_at(agent_profile, "80051200787", now - timedelta(days=10))
    return now


def test_it_removes_only_the_rows_older_than_the_retention(old_and_new):
    out = io.StringIO()
    call_command("purge_access_log", "--retention-days", "3650", "--operator", "ops", stdout=out)
    assert list(AccessLogEntry.objects.values_list("niss", flat=True)) == ["80051200787"]
    assert "2 entrées antérieures au" in out.getvalue()


def test_it_records_who_purged_how_many_rows_up_to_which_date(old_and_new):
    call_command(
        "purge_access_log", "--retention-days", "3650", "--operator", "ops", stdout=io.StringIO()
    )
    purge = AccessLogPurge.objects.get()
    assert purge.operator == "ops"
    assert purge.rows_deleted == 2
    assert purge.retention_days == 3650
    expected = old_and_new - timedelta(days=3650)
    assert abs(purge.purged_before - expected) < timedelta(minutes=1)


def test_the_guard_is_back_after_a_purge(old_and_new):
    call_command("purge_access_log", "--operator", "ops", stdout=io.StringIO())
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM accesslog_accesslogentry")
    assert AccessLogEntry.objects.count() == 1


def test_the_default_retention_comes_from_the_settings(old_and_new, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 3900
    call_command("purge_access_log", "--operator", "ops", stdout=io.StringIO())
    assert AccessLogEntry.objects.count() == 2
    assert AccessLogPurge.objects.get().rows_deleted == 1


def test_a_dry_run_deletes_and_records_nothing(old_and_new):
    out = io.StringIO()
    call_command("purge_access_log", "--dry-run", stdout=out)
    assert "2 entrées antérieures au" in out.getvalue()
    assert AccessLogEntry.objects.count() == 3
    assert not AccessLogPurge.objects.exists()


def test_a_retention_under_a_year_is_refused(old_and_new):
    with pytest.raises(CommandError, match="au moins 365"):
        call_command("purge_access_log", "--retention-days", "30", stdout=io.StringIO())
    assert AccessLogEntry.objects.count() == 3
