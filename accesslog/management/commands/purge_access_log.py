"""`python manage.py purge_access_log [--retention-days N] [--operator NAME] [--dry-run]`

The one way to remove access-log rows: those older than the retention period
(ACCESS_LOG_RETENTION_DAYS, 10 years by default), in one transaction that lifts the database
guard for itself only and records the purge (who, when, how many rows, up to which moment).
"""

from __future__ import annotations

import getpass
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accesslog.models import AccessLogEntry
from accesslog.services import purge_access_log

MINIMUM_RETENTION_DAYS = 365


class Command(BaseCommand):
    help = "Deletes access-log entries older than the retention period, and records the purge."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retention-days",
            type=int,
            default=None,
            help="Keep this many days (default: ACCESS_LOG_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--operator",
            default="",
            help="Who runs the purge, as recorded (default: the system user).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the rows without deleting them."
        )

    def handle(self, *args, retention_days, operator, dry_run, **options):
        if retention_days is None:
            retention_days = settings.ACCESS_LOG_RETENTION_DAYS
        if retention_days < MINIMUM_RETENTION_DAYS:
            raise CommandError(
                _(
                    "--retention-days doit valoir au moins %(minimum)s : le journal des "
                    "consultations du registre doit rester disponible pour les contrôles."
                )
                % {"minimum": MINIMUM_RETENTION_DAYS}
            )
        before = timezone.now() - timedelta(days=retention_days)
        if dry_run:
            count = AccessLogEntry.objects.filter(created_at__lt=before).count()
            self.stdout.write(
                _("%(count)s entrées antérieures au %(before)s (simulation, rien n'est supprimé).")
                % {"count": count, "before": f"{before:%d/%m/%Y %H:%M}"}
            )
            return
        operator = (operator or getpass.getuser()).strip()[:150]
        purge = purge_access_log(before=before, retention_days=retention_days, operator=operator)
        self.stdout.write(
            _(
                "%(count)s entrées antérieures au %(before)s supprimées (purge n° %(purge)s, "
                "opérateur %(operator)s)."
            )
            % {
                "count": purge.rows_deleted,
                "before": f"{before:%d/%m/%Y %H:%M}",
                "purge": purge.pk,
                "operator": purge.operator,
            }
        )
