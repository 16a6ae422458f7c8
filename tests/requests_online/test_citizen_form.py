import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests_online.models import OnlineRequest, SubmissionBucket
from tests.factories import (
    CpasFactory,
    MunicipalityFactory,
    OnlineRequestFactory,
    PostalCodeFactory,
)

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


def test_an_expired_window_starts_over_for_the_form(client, cpas, settings):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 1
    assert client.post(URL, valid_data()).status_code == 302
    assert client.post(URL, valid_data()).status_code == 429
    SubmissionBucket.objects.update(window_start=timezone.now() - timedelta(hours=1, seconds=1))
    assert client.post(URL, valid_data()).status_code == 302


def test_the_refusal_keeps_what_the_citizen_typed(client, cpas, settings):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 0
    typed = valid_data(first_name="Élodie", description="Facture de gaz impayée", is_student="non")
    response = client.post(URL, typed)
    assert response.status_code == 429
    content = response.content.decode()
    assert (
        "Trop de demandes ont été envoyées depuis votre connexion. "
        "Veuillez réessayer dans une heure." in content
    )
    assert 'value="Élodie"' in content
    assert "Facture de gaz impayée</textarea>" in content
    assert re.search(r'name="is_student" value="non"[^>]* checked>', content)
    assert OnlineRequest.objects.count() == 0


def test_an_invalid_form_does_not_use_a_slot(client, cpas, settings):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 1
    for _ in range(3):
        assert client.post(URL, valid_data(email="typo@")).status_code == 200
    assert client.post(URL, valid_data()).status_code == 302


def test_an_address_no_cpas_serves_gives_its_slot_back(client, cpas, settings):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 1
    refused = client.post(URL, valid_data(postal_code="8000", locality="Brugge"))
    assert "ne correspond à aucun CPAS connu" in refused.content.decode()
    assert client.post(URL, valid_data()).status_code == 302


def test_an_empty_remote_addr_shares_one_bucket_and_is_not_stored(client, cpas, settings):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 2
    assert client.post(URL, valid_data(), REMOTE_ADDR="").status_code == 302
    assert client.post(URL, valid_data(), REMOTE_ADDR="not an address").status_code == 302
    assert client.post(URL, valid_data(), REMOTE_ADDR="").status_code == 429
    assert list(OnlineRequest.objects.values_list("client_ip", flat=True)) == [None, None]
    assert client.post(URL, valid_data()).status_code == 302


def test_ipv6_clients_are_throttled_by_64(client, cpas, settings):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 1
    assert client.post(URL, valid_data(), REMOTE_ADDR="2001:db8:0:1::a").status_code == 302
    assert client.post(URL, valid_data(), REMOTE_ADDR="2001:db8:0:1::b").status_code == 429
    assert client.post(URL, valid_data(), REMOTE_ADDR="2001:db8:0:2::a").status_code == 302
    assert client.post(URL, valid_data(), REMOTE_ADDR="::ffff:127.0.0.1").status_code == 302
    assert client.post(URL, valid_data()).status_code == 429  # 127.0.0.1, the same client


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    remote_addr=st.one_of(
        st.text(max_size=60),
        st.ip_addresses().map(str),
        st.tuples(st.ip_addresses().map(str), st.text(max_size=5)).map("".join),
    )
)
def test_any_remote_addr_is_answered_without_error(client, cpas, remote_addr):
    response = client.post(URL, valid_data(), REMOTE_ADDR=remote_addr)
    assert response.status_code in (302, 429)


def test_the_unknown_answer_of_a_situation_question_reads_non_precise(client, cpas):
    content = client.get(URL).content.decode()
    assert content.count(" Non précisé</label>") == 2
    assert "pas de réponse" not in content
    for name in ("is_student", "in_facility"):
        assert re.search(
            rf'<input type="radio" name="{name}" value="" [^>]*>\s*Non précisé', content
        )
    response = client.post(URL, valid_data(is_student="", in_facility=""))
    assert response.status_code == 302
    assert OnlineRequest.objects.get().is_student == ""


def test_non_precise_stays_chosen_when_the_form_comes_back_with_an_error(client, cpas):
    response = client.post(URL, valid_data(phone="abc", is_student="", in_facility="oui"))
    content = response.content.decode()
    assert re.search(r'name="is_student" value="" [^>]*checked>\s*Non précisé', content)
    assert re.search(r'name="in_facility" value="oui"[^>]* checked>', content)


def test_the_details_show_an_unknown_answer_as_a_slash_as_in_the_manual(agent_client, cpas):
    item = OnlineRequestFactory(cpas=cpas, is_student="", in_facility="oui")
    content = agent_client.get(reverse("requests_online:details", args=[item.pk])).content
    content = content.decode()
    assert "<dt>Est étudiant :</dt><dd>/</dd>" in content
    assert "Non précisé" not in content


def test_the_form_asks_the_citizen_and_the_details_page_describes_the_applicant(
    agent_client, client, cpas
):
    """The public form says « vous » (as its other labels); the agent's page keeps the
    manual's third-person labels: two sets of msgids."""
    form = client.get(URL).content.decode()
    questions = [
        "Vivez-vous à votre adresse de résidence ?",
        "Êtes-vous étudiant(e) ?",
        "Séjournez-vous dans un lieu d&#x27;accueil, de placement ou de soins ?",
    ]
    for question in questions:
        assert re.search(rf"<legend[^>]*>{re.escape(question)}</legend>", form)
    assert "Vit à son adresse" not in form and "Est étudiant" not in form
    item = OnlineRequestFactory(cpas=cpas, lives_at_residence="oui")
    details = agent_client.get(reverse("requests_online:details", args=[item.pk]))
    content = details.content.decode()
    assert "<dt>Vit à son adresse de résidence :</dt><dd>OUI</dd>" in content
    assert "Vivez-vous" not in content and "Êtes-vous" not in content
