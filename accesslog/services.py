"""Writes of the access log: one service records every showing of registry data.

Callers pass typed snapshots of what was shown (dossier and request identifiers and labels,
the search criteria); this app never imports the apps that log into it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from accesslog import guard
from accesslog.models import AccessLogEntry, AccessLogPurge

SEARCH_CRITERIA_MAX_LENGTH = AccessLogEntry._meta.get_field("search_criteria").max_length


@dataclass(frozen=True)
class Shown:
    """What the screen showed the registry data for: a dossier, a request, a search."""

    dossier_pk: int | None = None
    dossier_number: str = ""
    request_pk: int | None = None
    request_reference: str = ""
    search_criteria: str = ""


NOTHING = Shown()


def record_consultation(
    *,
    user,
    cpas,
    role: str,
    action: str,
    niss_shown: Iterable[str],
    shown: Shown = NOTHING,
    household_niss: Iterable[str] = (),
    household_action: str | None = None,
) -> list[AccessLogEntry]:
    """Writes one row per NISS shown (each once, in the order shown), all with one `showing`
    id. `household_niss` are the other persons of a household shown on the same screen: their
    rows carry `household_action`. Returns the rows written (none when nothing was shown)."""
    showing = uuid.uuid4()
    now = timezone.now()
    seen: set[str] = set()
    rows = []
    groups = [(action, niss_shown), (household_action or action, household_niss)]
    for row_action, numbers in groups:
        for niss in numbers:
            if not niss or niss in seen:
                continue
            seen.add(niss)
            rows.append(
                AccessLogEntry(
                    user=user,
                    cpas=cpas,
                    role=role,
                    created_at=now,
                    niss=niss,
                    action=row_action,
                    showing=showing,
                    dossier_pk=shown.dossier_pk,
                    dossier_number=shown.dossier_number,
                    request_pk=shown.request_pk,
                    request_reference=shown.request_reference,
                    search_criteria=shown.search_criteria[:SEARCH_CRITERIA_MAX_LENGTH],
                )
            )
    return AccessLogEntry.objects.bulk_create(rows) if rows else []


def purge_access_log(*, before, retention_days: int, operator: str) -> AccessLogPurge:
    """Deletes the entries older than `before` and records the purge, in one transaction.

    The guard is lifted from the entry table only inside this transaction: every other
    connection sees it in place (PostgreSQL's DROP TRIGGER locks the table until the commit,
    so concurrent consultations wait for the purge, then log as usual), and a failure puts
    it back with the rollback. The purge record itself stays guarded.
    """
    vendor = connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in guard.remove_statements(vendor, (guard.ENTRY_TABLE,)):
            cursor.execute(statement)
        cursor.execute(f"DELETE FROM {guard.ENTRY_TABLE} WHERE created_at < %s", [before])  # noqa: S608 - fixed table name
        deleted = cursor.rowcount
        for statement in guard.install_statements(vendor, (guard.ENTRY_TABLE,)):
            cursor.execute(statement)
        return AccessLogPurge.objects.create(
            operator=operator,
            retention_days=retention_days,
            purged_before=before,
            rows_deleted=deleted,
        )
