import pytest
from django.urls import reverse

from primaweb.middleware import SESSION_KEY
from primaweb.models import Role
from tests.factories import CpasFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_it_lists_each_profile_of_the_user(client, cpas):
    profile = ProfileFactory(cpas=cpas)
    ProfileFactory(user=profile.user, cpas=CpasFactory(name="OCMW Gent"))
    client.force_login(profile.user)
    content = client.get(reverse("select_role")).content.decode()
    assert "Veuillez sélectionner votre rôle:" in content
    assert "Agent Social — CPAS de Herstappe" in content
    assert "Agent Social — OCMW Gent" in content


def test_selecting_a_profile_stores_it_and_the_header_shows_it(client, cpas):
    profile = ProfileFactory(cpas=cpas, user__first_name="Sophie", user__last_name="Lambert")
    client.force_login(profile.user)
    response = client.post(reverse("select_role"), {"profile": profile.pk})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session[SESSION_KEY] == profile.pk
    content = client.get(reverse("home")).content.decode()
    assert "Connecté en tant que : <strong>Sophie Lambert</strong>" in content
    assert f"N° BCE : <strong>{cpas.bce_display}</strong>" in content
    assert "C.P.A.S. de : <strong>Herstappe</strong>" in content
    assert "Profils : <strong>Agent Social</strong>" in content


def test_a_user_cannot_select_a_profile_that_is_not_theirs(client, cpas, other_cpas):
    mine = ProfileFactory(cpas=cpas)
    theirs = ProfileFactory(cpas=other_cpas)
    client.force_login(mine.user)
    response = client.post(reverse("select_role"), {"profile": theirs.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session


def test_garbage_profile_ids_are_refused_without_error(client, cpas):
    mine = ProfileFactory(cpas=cpas)
    client.force_login(mine.user)
    for value in ["", "abc", "-1", "99999999999999999999"]:
        assert client.post(reverse("select_role"), {"profile": value}).status_code == 404


def test_a_user_without_profile_gets_a_clear_page(client):
    client.force_login(UserFactory())
    response = client.get(reverse("select_role"))
    assert response.status_code == 403
    assert "Votre compte n'a encore aucun profil" in response.content.decode()


def test_agent_pages_need_an_active_profile(client, cpas):
    profile = ProfileFactory(cpas=cpas)
    client.force_login(profile.user)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("select_role")


def test_a_profile_removed_by_an_admin_stops_working(agent_client, agent_profile):
    agent_profile.delete()
    response = agent_client.get(reverse("home"))
    assert response.url == reverse("select_role")


def test_admin_logs_is_in_the_menu_of_a_cpas_admin_and_of_an_agent(
    cpas_admin_client, agent_client, admin_profile
):
    """The manual lists « Admin-Logs » under « Accès »; an agent reads their own rows there."""
    assert admin_profile.role == Role.CPAS_ADMIN
    assert "Admin-Logs" in cpas_admin_client.get(reverse("home")).content.decode()
    assert "Admin-Logs" in agent_client.get(reverse("home")).content.decode()
