import pytest
from django.urls import reverse

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


def test_the_manual_s_request_and_louise_s_registry_address_are_at_3717_herstappe():
    from registry.demo import LOUISE_NISS, _manual_persons
    from registry.models import Person

    seed_primaweb()
    _manual_persons()
    seed()
    manual = OnlineRequest.objects.get(reference=MANUAL_REFERENCE)
    assert (manual.postal_code, manual.locality) == ("3717", "Herstappe")
    address = Person.objects.get(niss=LOUISE_NISS).residential_address
    assert (address.street, address.house_number, address.postal_code, address.locality) == (
        "Rue de Tongres",
        "12",
        "3717",
        "Herstappe",
    )
    assert not OnlineRequest.objects.filter(cpas=manual.cpas, postal_code="4367").exists()


def test_seeding_again_moves_an_older_demo_s_4367_herstappe_to_3717():
    from registry.demo import LOUISE_NISS, _manual_persons
    from registry.models import Address, Person

    seed_primaweb()
    _manual_persons()
    seed()
    # What the demo wrote before Herstappe's postal code was corrected.
    OnlineRequest.objects.filter(reference=MANUAL_REFERENCE).update(postal_code="4367")
    Address.objects.filter(residents__niss=LOUISE_NISS).update(postal_code="4367")
    _manual_persons()
    seed()
    assert OnlineRequest.objects.get(reference=MANUAL_REFERENCE).postal_code == "3717"
    assert Person.objects.get(niss=LOUISE_NISS).residential_address.postal_code == "3717"


def test_the_fixture_routes_4367_to_crisnee_and_3717_to_herstappe(client):
    from primaweb.models import Cpas, PostalCode

    seed_primaweb()  # loads fixtures/cpas.json
    crisnee = Cpas.objects.get(name="CPAS de Crisnée")
    assert crisnee.bce_display == "0216.436.791"
    assert [(m.nis_code, m.name) for m in crisnee.municipalities.all()] == [("64021", "Crisnée")]
    assert sorted(PostalCode.objects.filter(code="4367").values_list("locality", flat=True)) == [
        "Crisnée",
        "Fize-le-Marsal",
        "Kemexhe",
        "Odeur",
        "Thys",
    ]
    assert {pc.municipality.cpas.name for pc in PostalCode.objects.for_code("4367")} == {
        "CPAS de Crisnée"
    }
    assert [pc.municipality.cpas.name for pc in PostalCode.objects.for_code("3717")] == [
        "CPAS de Herstappe"
    ]

    form = {
        "first_name": "Louise",
        "last_name": "Delacroix",
        "niss": "",
        "birth_date": "",
        "email": "Louise@hotmail.be",
        "phone": "0484 56 78 62",
        "street": "Rue du Village",
        "house_number": "3",
        "box": "",
        "nature": "energie",
        "description": "Test",
        "lives_at_residence": "oui",
        "is_student": "",
        "in_facility": "",
    }
    url = reverse("requests_online:citizen_form")
    response = client.post(url, {**form, "postal_code": "4367", "locality": "Crisnée"})
    assert response.status_code == 302
    assert OnlineRequest.objects.get().cpas == crisnee
    client.post(url, {**form, "postal_code": "3717", "locality": "Herstappe"})
    assert OnlineRequest.objects.get(postal_code="3717").cpas.name == "CPAS de Herstappe"
