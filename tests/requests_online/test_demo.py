import pytest

from primaweb.demo import seed as seed_primaweb
from requests_online.demo import MANUAL_REFERENCE, REQUESTS_PER_CPAS, seed
from requests_online.models import OnlineRequest

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_manual_s_request_and_hundreds_per_cpas():
    seed_primaweb()
    seed()
    manual = OnlineRequest.objects.get(reference=MANUAL_REFERENCE)
    assert manual.cpas.name == "CPAS de Herstappe"
    assert manual.submitted_on.strftime("%d/%m/%Y") == "24/07/2024"
    assert (manual.first_name, manual.last_name, manual.email, manual.phone) == (
        "Louise",
        "Delacroix",
        "Louise@hotmail.be",
        "0484567862",
    )
    assert manual.read_at is None
    herstappe = OnlineRequest.objects.filter(cpas=manual.cpas)
    assert herstappe.count() == REQUESTS_PER_CPAS + 1
    assert herstappe.read().exists()
    assert herstappe.unread().count() > 1


def test_seeding_twice_changes_nothing():
    seed_primaweb()
    seed(seed=1)
    count = OnlineRequest.objects.count()
    read = OnlineRequest.objects.read().count()
    seed(seed=1)
    assert OnlineRequest.objects.count() == count
    assert OnlineRequest.objects.read().count() == read


def test_seed_demo_runs_the_requests_step(settings):
    from primaweb.management.commands.seed_demo import DEMO_STEPS

    assert "requests_online.demo" in DEMO_STEPS
    assert DEMO_STEPS.index("requests_online.demo") > DEMO_STEPS.index("primaweb.demo")
