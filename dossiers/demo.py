"""Demo dossiers (seed_demo's last step): a few dossiers in Herstappe, one also in Liège.

Louise Delacroix and the manual's other persons get none, so that the manual's walk-through
("Créer un dossier" from her request) can be followed on a fresh demo. Idempotent: a CPAS that
already has dossiers is left as it is.
"""

from __future__ import annotations

from django.contrib.auth.models import User

from dossiers.models import Dossier
from dossiers.services import dossier_create
from primaweb.models import Cpas, Profile, Role
from registry.models import Person
from requests_online.models import OnlineRequest

HERSTAPPE = "CPAS de Herstappe"
LIEGE = "CPAS de Liège"
# The manual's persons (registry.demo): kept free of dossiers for the walk-through.
MANUAL_NISS = ["88051200266", "97432405115", "95061513594"]
PERSONS_PER_CPAS = 5
FROM_REQUESTS = 3


def seed(*, stdout=None, seed: int = 1) -> None:
    herstappe = Cpas.objects.filter(name=HERSTAPPE).first()
    liege = Cpas.objects.filter(name=LIEGE).first()
    created = 0
    if herstappe is not None and not Dossier.objects.for_cpas(herstappe).exists():
        created += _seed_herstappe(herstappe, liege)
    if stdout is not None:
        stdout.write(f"Dossiers: {Dossier.objects.count()} ({created} new)")


def _seed_herstappe(herstappe: Cpas, liege: Cpas | None) -> int:
    agent = User.objects.get(username="agent1")
    role = Profile.objects.filter(user=agent, cpas=herstappe).values_list("role", flat=True)[0]
    candidates = (
        Person.objects.with_addresses()
        .filter(death_date__isnull=True, residential_address__isnull=False)
        .exclude(niss__in=MANUAL_NISS)
        .order_by("niss")
    )
    created = 0
    requests = (
        OnlineRequest.objects.for_cpas(herstappe)
        .filter(person__isnull=False, person__death_date__isnull=True, dossier__isnull=True)
        .exclude(person__niss__in=MANUAL_NISS)
        .select_related("person__residential_address")
        .order_by("reference")
    )
    used: set[int] = set()
    for request in requests[:FROM_REQUESTS]:
        if request.person_id in used:
            continue
        _create(herstappe, request.person, agent, role, origin=request)
        used.add(request.person_id)
        created += 1
    persons = list(candidates.exclude(pk__in=used)[:PERSONS_PER_CPAS])
    for person in persons:
        _create(herstappe, person, agent, role)
        created += 1
    if liege is not None and persons:
        colleague = User.objects.filter(username="agent2").first()
        if colleague is not None:
            # The same person known in Liège: Herstappe's page shows "Dossier existant au …".
            _create(liege, persons[0], colleague, Role.SOCIAL_AGENT)
            created += 1
    return created


def _create(cpas: Cpas, person: Person, user: User, role: str, origin=None) -> Dossier:
    return dossier_create(
        cpas=cpas,
        person=person,
        address=person.residential_address.postal_address,
        created_by=user,
        origin=origin,
        role=role,
    )
