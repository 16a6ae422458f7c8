import pytest
from django.urls import reverse

from requests_online.models import OnlineRequest
from tests.factories import CpasFactory, MunicipalityFactory, PostalCodeFactory

pytestmark = pytest.mark.django_db

URL = "/demande-en-ligne/"


def valid_data(**overrides):
    data = {
        "first_name": "Louise",
        "last_name": "Delacroix",
        "niss": "",
        "birth_date": "",
        "email": "Louise@hotmail.be",
        "phone": "0484 56 78 62",
        "street": "Rue du Village",
        "house_number": "3",
        "box": "",
        "postal_code": "3717",
        "locality": "Herstappe",
        "nature": "energie",
        "description": "Test",
        "lives_at_residence": "oui",
        "is_student": "",
        "in_facility": "",
    }
    data.update(overrides)
    return data


def test_the_form_is_public_and_linked_from_the_login_page(client):
    login = client.get(reverse("login"))
    assert "Vous êtes un citoyen ?" in login.content.decode()
    assert reverse("requests_online:citizen_form") in login.content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    assert "Demande d'aide en ligne" in response.content.decode()


def test_it_routes_the_request_to_the_cpas_of_the_postal_code(client, cpas, other_cpas):
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert response.url == reverse("requests_online:confirmation")
    online_request = OnlineRequest.objects.get()
    assert online_request.cpas == cpas
    assert online_request.phone == "0484567862"
    assert online_request.client_ip == "127.0.0.1"

    client.post(URL, valid_data(postal_code="4000", locality="Liège"))
    assert OnlineRequest.objects.filter(cpas=other_cpas).count() == 1


def test_the_confirmation_shows_the_reference_and_the_cpas(client, cpas):
    response = client.post(URL, valid_data(), follow=True)
    online_request = OnlineRequest.objects.get()
    content = response.content.decode()
    assert online_request.reference in content
    assert "CPAS de Herstappe" in content


def test_the_confirmation_without_a_submission_goes_back_to_the_form(client):
    response = client.get(reverse("requests_online:confirmation"))
    assert response.status_code == 302
    assert response.url == URL


def test_an_address_outside_the_known_cpas_is_refused_and_nothing_is_saved(client, cpas):
    response = client.post(URL, valid_data(postal_code="8000", locality="Brugge"))
    assert response.status_code == 200
    assert "ne correspond à aucun CPAS connu" in response.content.decode()
    assert OnlineRequest.objects.count() == 0


def test_a_shared_postal_code_is_routed_by_the_locality(client, cpas):
    first = CpasFactory(name="CPAS A")
    second = CpasFactory(name="CPAS B")
    PostalCodeFactory(
        code="5555", locality="Alpha", municipality=MunicipalityFactory(name="Alpha", cpas=first)
    )
    PostalCodeFactory(
        code="5555", locality="Beta", municipality=MunicipalityFactory(name="Beta", cpas=second)
    )
    client.post(URL, valid_data(postal_code="5555", locality="beta"))
    assert OnlineRequest.objects.get().cpas == second

    response = client.post(URL, valid_data(postal_code="5555", locality="Gamma"))
    assert response.status_code == 200
    assert "préciser la localité" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "adresse de courriel valide"),
        ("phone", "call me", "Numéro de téléphone invalide"),
        ("postal_code", "37A7", "Code postal invalide"),
        ("niss", "80010112345", "Numéro NISS invalide"),
        ("birth_date", "31/02/1980", "date valide"),
        ("birth_date", "01/01/2999", "Date de naissance invalide"),
        ("first_name", "", "Ce champ est obligatoire"),
        ("nature", "loterie", "choix valide"),
        ("lives_at_residence", "", "Ce champ est obligatoire"),
    ],
)
def test_it_validates_each_field_and_ties_the_error_to_it(client, cpas, field, value, message):
    response = client.post(URL, valid_data(**{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert OnlineRequest.objects.count() == 0


def test_it_requires_the_csrf_token(cpas):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(URL, valid_data())
    assert response.status_code == 403
    assert OnlineRequest.objects.count() == 0


def test_it_throttles_submissions_per_client_address(client, cpas, settings):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 3
    for _ in range(3):
        assert client.post(URL, valid_data()).status_code == 302
    response = client.post(URL, valid_data())
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert OnlineRequest.objects.count() == 3

    other_address = client.post(URL, valid_data(), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 302


def test_older_submissions_do_not_count_for_the_throttle(client, cpas, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 1
    client.post(URL, valid_data())
    OnlineRequest.objects.update(submitted_at=timezone.now() - timedelta(hours=2))
    assert client.post(URL, valid_data()).status_code == 302


def test_the_unknown_answer_of_a_situation_question_says_what_it_means(client, cpas):
    content = client.get(URL).content.decode()
    assert content.count("— (pas de réponse)</label>") == 2
    response = client.post(URL, valid_data(is_student="", in_facility=""))
    assert response.status_code == 302
    assert OnlineRequest.objects.get().is_student == ""
