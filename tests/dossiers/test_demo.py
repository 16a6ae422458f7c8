"""dossiers.demo: a few dossiers, none for the manual's persons, idempotent."""

import pytest

from dossiers.demo import MANUAL_NISS, seed
from dossiers.models import Dossier
from primaweb.demo import seed as seed_primaweb
from primaweb.models import Cpas
from tests.factories import OnlineRequestFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world():
    seed_primaweb()
    herstappe = Cpas.objects.get(name="CPAS de Herstappe")
    louise = PersonFactory(niss=MANUAL_NISS[0], birth_year=1988, birth_month=5, birth_day=12)
    persons = [PersonFactory(first_names=f"Demo{n}") for n in range(8)]
    OnlineRequestFactory(cpas=herstappe, person=persons[0])
    return herstappe, louise


def test_it_creates_a_few_dossiers_but_none_for_the_manual_s_persons(demo_world):
    herstappe, louise = demo_world
    seed()
    assert Dossier.objects.for_cpas(herstappe).count() == 6
    assert Dossier.objects.exclude(cpas=herstappe).count() == 1
    assert not Dossier.objects.filter(person=louise).exists()
    assert Dossier.objects.filter(origin_request__isnull=False).count() == 1


def test_seeding_twice_changes_nothing(demo_world):
    seed()
    numbers = sorted(Dossier.objects.values_list("number", flat=True))
    seed()
    assert sorted(Dossier.objects.values_list("number", flat=True)) == numbers


def test_seed_demo_runs_the_dossier_step_after_the_registry_and_requests_it_uses():
    from primaweb.management.commands.seed_demo import DEMO_STEPS

    dossiers = DEMO_STEPS.index("dossiers.demo")
    assert DEMO_STEPS.index("registry.demo") < dossiers
    assert DEMO_STEPS.index("requests_online.demo") < dossiers
    assert DEMO_STEPS.index("instruction.demo") == dossiers + 1
