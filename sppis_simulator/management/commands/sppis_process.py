"""`python manage.py sppis_process [--batch-size N]`

Answers the messages the simulated SPP IS received and has not answered yet, oldest first,
each in its own transaction (a cron job runs it; see docs/sppis-messages.md). Several may run
at once: a message being answered by one is skipped by the others. Interrupted, it leaves
every message answered once or not at all; run again, it answers the rest.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sppis_simulator.services import BATCH_SIZE, answer_pending


class Command(BaseCommand):
    help = "Answers the messages received by the simulated SPP IS and not yet answered."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help="Messages read from the queue at a time (each still has its own transaction).",
        )

    def handle(self, *args, batch_size, **options):
        answered = answer_pending(batch_size=max(1, batch_size))
        self.stdout.write(_("%(count)s message(s) traité(s).") % {"count": answered})
