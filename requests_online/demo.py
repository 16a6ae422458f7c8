"""Demo CPAS Online requests (seed_demo step, after the registry's).

Deterministic and idempotent: every reference comes from a random generator seeded with
`seed`, and a request whose reference exists already is skipped, so running seed_demo again
adds nothing. Dates are spread over the 90 days before today.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from primaweb.models import Cpas, PostalCode
from registry.models import Person
from requests_online.models import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Nature,
    OnlineRequest,
    YesNo,
)
from requests_online.services import registry_snapshot

REQUESTS_PER_CPAS = 300
DAYS = 90
MANUAL_REFERENCE = "2A90072YKMHZ"

FIRST_NAMES = [
    "Louise",
    "Emma",
    "Olivia",
    "Léa",
    "Alice",
    "Chloé",
    "Lina",
    "Mila",
    "Juliette",
    "Sarah",
    "Noah",
    "Arthur",
    "Louis",
    "Jules",
    "Adam",
    "Lucas",
    "Victor",
    "Gabriel",
    "Liam",
    "Mohamed",
    "Fatima",
    "Yasmine",
    "Nora",
    "Anna",
    "Sofia",
    "Lotte",
    "Marie",
    "Jan",
    "Pieter",
    "Lukas",
]
LAST_NAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambert",
    "Dupont",
    "Martin",
    "Leroy",
    "Renard",
    "Delacroix",
    "Simon",
    "Laurent",
    "Lejeune",
    "El Amrani",
    "Benali",
    "Nowak",
    "Schmitz",
    "Müller",
    "Van den Bossche",
    "Vandenberghe",
    "Lemaire",
    "Fontaine",
    "Hermans",
]
STREETS = [
    "Rue de la Station",
    "Rue Haute",
    "Chaussée de Tongres",
    "Rue du Moulin",
    "Place du Marché",
    "Kerkstraat",
    "Stationsstraat",
    "Rue de l'Église",
    "Avenue des Tilleuls",
    "Bergstraat",
]
DESCRIPTIONS = [
    "",
    "Test",
    "Je n'arrive plus à payer ma facture d'électricité.",
    "Mon contrat de travail a pris fin et je n'ai plus de revenus.",
    "Je dois payer une garantie locative pour un nouveau logement.",
    "J'ai besoin d'aide pour mes frais de pharmacie.",
    "Je voudrais un rendez-vous avec un assistant social.",
]


def _reference(rng: random.Random) -> str:
    return "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def _moment(day: date, rng: random.Random) -> datetime:
    clock = time(rng.randint(7, 22), rng.randint(0, 59), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, clock))


def _manual_request(herstappe: Cpas) -> OnlineRequest:
    """The request of the manual ("Les détails d'une demande"), unread."""
    submitted_at = timezone.make_aware(datetime(2024, 7, 24, 10, 12))
    return OnlineRequest(
        reference=MANUAL_REFERENCE,
        cpas=herstappe,
        submitted_on=date(2024, 7, 24),
        submitted_at=submitted_at,
        first_name="Louise",
        last_name="Delacroix",
        email="Louise@hotmail.be",
        phone="0484567862",
        postal_code="3717",
        locality="Herstappe",
        nature=Nature.ENERGY,
        description="Test",
        lives_at_residence=YesNo.YES,
        is_student="",
        in_facility="",
    )


def _requests_for(
    cpas: Cpas, *, references, rng: random.Random, today: date, postal_codes, persons, readers
) -> list[OnlineRequest]:
    requests = []
    for reference in references:
        postal_code = rng.choice(postal_codes)
        day = today - timedelta(days=rng.randrange(DAYS))
        submitted_at = _moment(day, rng)
        with_niss = rng.random() < 0.3
        person = rng.choice(persons) if persons and with_niss else None
        first_name = (
            person.first_names.split()[0] if person and person.first_names else None
        ) or rng.choice(FIRST_NAMES)
        last_name = person.last_name if person else rng.choice(LAST_NAMES)
        item = OnlineRequest(
            reference=reference,
            cpas=cpas,
            submitted_on=day,
            submitted_at=submitted_at,
            first_name=first_name,
            last_name=last_name,
            niss=person.niss if person else "",
            email=f"{first_name}.{last_name}".lower().replace(" ", "") + "@example.be",
            phone=f"04{rng.randint(70, 99)}{rng.randint(100000, 999999)}",
            street=rng.choice(STREETS),
            house_number=str(rng.randint(1, 180)),
            box=rng.choice(["", "", "", "1", "2B"]),
            postal_code=postal_code.code,
            locality=postal_code.locality,
            nature=rng.choice(Nature.values),
            description=rng.choice(DESCRIPTIONS),
            lives_at_residence=rng.choice([YesNo.YES, YesNo.YES, YesNo.NO]),
            is_student=rng.choice([YesNo.YES, YesNo.NO, YesNo.NO, ""]),
            in_facility=rng.choice([YesNo.YES, YesNo.NO, YesNo.NO, ""]),
        )
        if person is not None:
            for field, value in registry_snapshot(person).items():
                setattr(item, field, value)
        # Older requests are more often read already.
        if (today - day).days > 7 and rng.random() < 0.6:
            item.read_at = submitted_at + timedelta(hours=rng.randint(1, 72))
            item.read_by = rng.choice(readers) if readers else None
        requests.append(item)
    return requests


def seed(*, stdout=None, seed: int = 1) -> None:
    rng = random.Random(f"requests_online:{seed}")  # noqa: S311 - deterministic demo data
    # The references have their own generator: they stay the same whatever the registry holds,
    # which is what makes a second run find them all and add nothing.
    reference_rng = random.Random(f"requests_online:references:{seed}")  # noqa: S311 - demo only
    today = timezone.localdate()
    new: list[OnlineRequest] = []
    herstappe = Cpas.objects.filter(municipalities__postal_codes__code="3717").first()
    if herstappe is not None:
        new.append(_manual_request(herstappe))
    # Older demos wrote "4367 Herstappe"; 4367 is Crisnée's postal code: moved to 3717.
    OnlineRequest.objects.filter(postal_code="4367", locality="Herstappe").update(
        postal_code="3717"
    )
    for cpas in Cpas.objects.order_by("pk"):
        references = [_reference(reference_rng) for _ in range(REQUESTS_PER_CPAS)]
        postal_codes = list(
            PostalCode.objects.filter(municipality__cpas=cpas).order_by("code", "locality")
        )
        if not postal_codes:
            continue
        persons = list(
            Person.objects.select_related("reference_address")
            .filter(
                residential_address__postal_code__in={pc.code for pc in postal_codes},
                death_date__isnull=True,
            )
            .order_by("niss")[:200]
        )
        readers = list(User.objects.filter(profiles__cpas=cpas).distinct().order_by("pk"))
        new += _requests_for(
            cpas,
            references=references,
            rng=rng,
            today=today,
            postal_codes=postal_codes,
            persons=persons,
            readers=readers,
        )
    existing = set(
        OnlineRequest.objects.filter(reference__in=[r.reference for r in new]).values_list(
            "reference", flat=True
        )
    )
    OnlineRequest.objects.bulk_create(
        [r for r in new if r.reference not in existing], batch_size=500, ignore_conflicts=True
    )
    if stdout is not None:
        stdout.write(
            f"CPAS Online requests: {OnlineRequest.objects.count()} "
            f"(e.g. {MANUAL_REFERENCE}, Louise Delacroix, Herstappe)"
        )
