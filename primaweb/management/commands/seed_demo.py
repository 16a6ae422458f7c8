from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from primaweb.demo import DEMO_PASSWORD, DEMO_USERS

# Each app contributes its demo data, in dependency order: registry persons before the
# requests that refer to them, requests before dossiers.
DEMO_STEPS = [
    "primaweb.demo",
    "registry.demo",
    "requests_online.demo",
    "dossiers.demo",
    "instruction.demo",
    "decisions.demo",
    "reimbursement.demo",
]


class Command(BaseCommand):
    help = "Loads the demo CPAS, agents, registry persons and requests (deterministic, idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--force", action="store_true", help="run even when DEBUG is off (never in production)"
        )

    def handle(self, *args, seed: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "seed_demo crée des utilisateurs au mot de passe connu : il refuse de "
                    "s'exécuter quand DEBUG est désactivé. --force uniquement sur une base jetable."
                )
            )
        for step in DEMO_STEPS:
            with transaction.atomic():
                import_module(step).seed(stdout=self.stdout, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Logins (password: {DEMO_PASSWORD}):")
        )
        for username, _first, _last, profiles, is_superuser in DEMO_USERS:
            where = ", ".join(f"{role.label} at {cpas}" for cpas, role in profiles)
            self.stdout.write(
                f"  {username:8} {'superuser (admin site)' if is_superuser else where}"
            )
