import pytest
from django.urls import reverse

from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_offers_username_and_password_and_shows_other_keys_unavailable(client):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "S'identifier à l'administration en ligne" in content
    assert 'name="username"' in content and 'name="password"' in content
    assert "non disponible" in content


def test_a_good_password_leads_to_role_selection(client):
    ProfileFactory(user__username="sophie")
    response = client.post(
        reverse("login"), {"username": "sophie", "password": "demo-password-123"}
    )
    assert response.status_code == 302
    assert response.url == reverse("select_role")


def test_a_wrong_password_gets_the_usual_message(client):
    UserFactory(username="sophie")
    response = client.post(reverse("login"), {"username": "sophie", "password": "wrong"})
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_repeated_failures_are_throttled_with_a_clear_message(client, settings):
    UserFactory(username="sophie")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sophie", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "sophie", "password": "demo-password-123"}
    )
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_logout_is_refused_by_get(agent_client):
    assert agent_client.get(reverse("logout")).status_code == 405
    assert agent_client.get(reverse("home")).status_code == 200


def test_logout_by_post_ends_the_session(agent_client):
    response = agent_client.post(reverse("logout"))
    assert response.status_code == 302
    assert agent_client.get(reverse("home")).status_code == 302
