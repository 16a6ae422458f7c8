"""Demo CPAS, municipalities and users (seed_demo's first step)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management import call_command

from primaweb.models import Cpas, Profile, Role

DEMO_PASSWORD = "demo"  # noqa: S105 - printed to developers on purpose; refused when DEBUG is off

# username, first name, last name, [(CPAS name, role)], superuser
DEMO_USERS: list[tuple[str, str, str, list[tuple[str, str]], bool]] = [
    ("agent1", "Sophie", "Lambert", [("CPAS de Herstappe", Role.SOCIAL_AGENT)], False),
    ("agent2", "Marc", "Dubois", [("CPAS de Liège", Role.SOCIAL_AGENT)], False),
    (
        "multi",
        "Anne",
        "Peeters",
        [("CPAS de Herstappe", Role.SOCIAL_AGENT), ("OCMW Gent", Role.SOCIAL_AGENT)],
        False,
    ),
    ("chef1", "Luc", "Renard", [("CPAS de Herstappe", Role.CPAS_ADMIN)], False),
    ("admin", "Admin", "Primaweb", [], True),
]


def seed(*, stdout=None, seed: int = 1) -> None:
    # The fixture holds fixed primary keys: loading it again overwrites the same rows.
    call_command("loaddata", "cpas", verbosity=0)
    for username, first_name, last_name, profiles, is_superuser in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@primaweb.example",
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for cpas_name, role in profiles:
            Profile.objects.get_or_create(
                user=user, cpas=Cpas.objects.get(name=cpas_name), role=role
            )
    if stdout is not None:
        stdout.write(f"CPAS: {Cpas.objects.count()}, users: {User.objects.count()}")
