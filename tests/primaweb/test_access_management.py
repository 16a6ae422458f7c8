"""« Gestion des accès »: the CPAS administrator registers the CPAS's agents for the federal
login and keeps their profiles in this CPAS only."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from primaweb.fas.identity import find_agent
from primaweb.models import FederalIdentity, Profile
from tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
URL = reverse("access_management")
NRN = "85073003328"


def register(client, **fields):
    data = {"national_number": NRN, "first_name": "Marie", "last_name": "Dupont"}
    return client.post(URL, {**data, "role": "agent_social", **fields})


def test_the_administrator_sees_the_profiles_of_the_cpas_only(
    cpas_admin_client, agent_profile, outsider_profile
):
    page = cpas_admin_client.get(URL).content.decode()
    assert agent_profile.user.last_name in page
    assert outsider_profile.user.last_name not in page
    assert "non enregistrée" in unescape(page)


def test_the_menu_offers_it_to_the_administrator_only(cpas_admin_client, agent_client):
    assert URL in cpas_admin_client.get("/").content.decode()
    assert URL not in agent_client.get("/").content.decode()


def test_an_agent_who_is_not_administrator_is_refused(agent_client):
    assert agent_client.get(URL).status_code == 403
    assert register(agent_client).status_code == 403
    assert FederalIdentity.objects.count() == 0


def test_registering_an_agent_stores_the_hash_and_a_profile_in_the_cpas(cpas_admin_client, cpas):
    response = register(cpas_admin_client)
    assert response.status_code == 302
    user = find_agent(NRN)
    assert (user.first_name, user.last_name) == ("Marie", "Dupont")
    assert [(p.cpas, p.role) for p in user.profiles.all()] == [(cpas, "agent_social")]
    page = unescape(cpas_admin_client.get(URL).content.decode())
    assert "Dupont" in page and "L'agent est enregistré" in page
    assert NRN not in page


def test_an_invalid_national_number_is_refused_with_its_message(cpas_admin_client):
    response = register(cpas_admin_client, national_number="85073003329")
    assert response.status_code == 400
    assert "Numéro de registre national invalide." in unescape(response.content.decode())
    assert FederalIdentity.objects.count() == 0


def test_a_profile_of_the_cpas_is_removed(cpas_admin_client, agent_profile):
    response = cpas_admin_client.post(URL, {"remove": agent_profile.pk})
    assert response.status_code == 302
    assert not Profile.objects.filter(pk=agent_profile.pk).exists()


def test_a_profile_of_another_cpas_cannot_be_removed(cpas_admin_client, outsider_profile):
    assert cpas_admin_client.post(URL, {"remove": outsider_profile.pk}).status_code == 404
    assert cpas_admin_client.post(URL, {"remove": "x"}).status_code == 404
    assert Profile.objects.filter(pk=outsider_profile.pk).exists()


def test_the_administrator_cannot_remove_their_own_profile(cpas_admin_client, admin_profile):
    response = cpas_admin_client.post(URL, {"remove": admin_profile.pk}, follow=True)
    assert Profile.objects.filter(pk=admin_profile.pk).exists()
    assert "Vous ne pouvez pas retirer votre propre profil." in unescape(response.content.decode())


def test_an_agent_of_another_cpas_gets_a_profile_here_on_the_same_account(
    cpas_admin_client, cpas, other_cpas
):
    other = ProfileFactory(cpas=other_cpas)
    from primaweb.fas.identity import link_identity

    link_identity(user=other.user, national_number=NRN)
    register(cpas_admin_client)
    assert {p.cpas for p in other.user.profiles.all()} == {cpas, other_cpas}
