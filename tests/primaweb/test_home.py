import html

import pytest
from django.urls import reverse

from tests.factories import MunicipalityFactory, ProfileFactory

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Informations sur le C.P.A.S.",
    "Accès",
    "Gestion des dossiers",
    "Gestion des documents (+ envoi vers eBox)",
    "Notifications SPP IS",
    "Mutations & Demandes CPAS Online",
    "Collecte de statistiques",
    "Projets Individualisés d'Intégration Sociale",
]


def test_the_home_page_shows_every_section_of_the_manual(agent_client):
    content = html.unescape(agent_client.get(reverse("home")).content.decode())
    assert "Page d'accueil" in content
    for section in SECTIONS:
        assert section in content


def test_items_not_built_yet_are_greyed_out_not_dead_links(agent_client):
    content = agent_client.get(reverse("home")).content.decode()
    assert 'Clignotants <span class="soon">(bientôt disponible)</span>' in content
    assert f'href="{reverse("cpas_info")}"' in content
    assert f'href="{reverse("cpas_agents")}"' in content


def test_the_cpas_card_shows_the_agents_cpas(agent_client, cpas):
    content = agent_client.get(reverse("cpas_info")).content.decode()
    assert cpas.name in content
    assert cpas.bce_display in content
    assert "73028" in content and "3717 Herstappe" in content


def test_the_agents_page_lists_colleagues_but_not_outsiders(
    agent_client, colleague_profile, outsider_profile
):
    content = agent_client.get(reverse("cpas_agents")).content.decode()
    assert colleague_profile.user.get_full_name() in content
    assert outsider_profile.user.get_full_name() not in content


def test_my_access_lists_only_my_profiles(agent_client, agent_profile, outsider_profile):
    content = agent_client.get(reverse("my_access")).content.decode()
    assert agent_profile.cpas.name in content
    assert outsider_profile.cpas.name not in content


def test_the_agents_page_query_count_does_not_grow_with_agents(agent_client, cpas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agent_client.get(reverse("home"))  # the session's idle expiry is renewed on this one
    with CaptureQueriesContext(connection) as few:
        agent_client.get(reverse("cpas_agents"))
    ProfileFactory.create_batch(15, cpas=cpas)
    with CaptureQueriesContext(connection) as many:
        response = agent_client.get(reverse("cpas_agents"))
    assert response.status_code == 200
    assert len(many) == len(few) <= 6


def test_the_header_names_the_cpas_municipalities_and_reads_them_once(
    agent_client, cpas, django_assert_num_queries
):
    MunicipalityFactory(name="Amay", nis_code="61003", cpas=cpas)
    first = agent_client.get(reverse("home")).content.decode()
    assert "<strong>Amay, Herstappe</strong>" in first
    with django_assert_num_queries(3):  # session, user, profile: the names come from the cache
        again = agent_client.get(reverse("home")).content.decode()
    assert "<strong>Amay, Herstappe</strong>" in again
