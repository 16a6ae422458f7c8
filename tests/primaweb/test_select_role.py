import pytest
from django.urls import reverse

from primaweb.middleware import SESSION_KEY
from primaweb.models import Role
from tests.factories import CpasFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_button_reads_the_role_and_the_cpas_stands_beside_it_across_several_cpas(client, cpas):
    profile = ProfileFactory(cpas=cpas)
    gent = ProfileFactory(user=profile.user, cpas=CpasFactory(name="OCMW Gent"))
    client.force_login(profile.user)
    content = client.get(reverse("select_role")).content.decode()
    assert "<h1>Veuillez sélectionner votre rôle:</h1>" in content
    for each, name in [(profile, "CPAS de Herstappe"), (gent, "OCMW Gent")]:
        assert (
            f'<button type="submit" class="button button--role" '
            f'aria-describedby="profile-{each.pk}-cpas">Agent Social</button>'
        ) in content
        assert f'<span class="role-cpas" id="profile-{each.pk}-cpas">{name}</span>' in content


def test_a_user_of_a_single_cpas_sees_only_the_role_as_in_the_manual(client, cpas):
    agent = ProfileFactory(cpas=cpas)
    admin = ProfileFactory(user=agent.user, cpas=cpas, role=Role.CPAS_ADMIN)
    client.force_login(agent.user)
    content = client.get(reverse("select_role")).content.decode()
    assert '<button type="submit" class="button button--role">Agent Social</button>' in content
    assert (
        '<button type="submit" class="button button--role">Administrateur CPAS</button>'
    ) in content
    assert "CPAS de Herstappe" not in content
    assert "role-cpas" not in content and "aria-describedby" not in content
    for each in (agent, admin):
        assert f'<input type="hidden" name="profile" value="{each.pk}">' in content


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
