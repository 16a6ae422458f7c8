""" "Dossiers du C.P.A.S." and "Rechercher un dossier", scoped to the agent's CPAS."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Every page: session, user, profile (the header's municipality names are in the cache once
# a page has shown them).
FIXED_QUERIES = 3
LIST = reverse("dossiers:list")
SEARCH = reverse("dossiers:search")


def test_the_list_shows_the_cpas_s_dossiers_newest_first(agent_client, make_dossier):
    first = make_dossier(PersonFactory(last_name="Ancien"))
    second = make_dossier(PersonFactory(last_name="Recent"))
    content = agent_client.get(LIST).content.decode()
    assert "Dossiers du C.P.A.S." in content
    assert content.index(second.number) < content.index(first.number)
    assert "2 dossiers" in content


def test_the_list_does_not_show_other_cpas_dossiers(agent_client, make_dossier, other_cpas):
    mine = make_dossier(PersonFactory(last_name="Mine"))
    theirs = make_dossier(PersonFactory(last_name="Theirs"), cpas=other_cpas)
    content = agent_client.get(LIST).content.decode()
    assert mine.get_absolute_url() in content
    assert theirs.get_absolute_url() not in content


def test_the_list_is_paginated_and_tolerates_bad_page_numbers(
    agent_client, make_dossier, monkeypatch
):
    monkeypatch.setattr("dossiers.views.DOSSIERS_PER_PAGE", 2)
    for n in range(5):
        make_dossier(PersonFactory(first_names=f"P{n}"))
    assert "Page 1 sur 3" in agent_client.get(LIST).content.decode()
    assert "Page 3 sur 3" in agent_client.get(LIST, {"page": "3"}).content.decode()
    for page in ("999", "abc", "-1", "0", "9" * 40):
        response = agent_client.get(LIST, {"page": page})
        assert response.status_code == 200, page


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_dossiers(
    agent_client, make_dossier, django_assert_num_queries
):
    agent_client.get(reverse("home"))
    for n in range(3):
        make_dossier(PersonFactory(first_names=f"P{n}"))
    # FIXED_QUERIES + the count + the page's rows.
    with django_assert_num_queries(FIXED_QUERIES + 2):
        agent_client.get(LIST)
    for n in range(27):
        make_dossier(PersonFactory(first_names=f"Q{n}"))
    with django_assert_num_queries(FIXED_QUERIES + 2):
        response = agent_client.get(LIST)
    assert response.content.decode().count("<tr>") == 1 + 25


def test_it_finds_a_dossier_by_number(agent_client, make_dossier):
    dossier = make_dossier(PersonFactory(last_name="Lenoir"))
    other = make_dossier(PersonFactory(last_name="Leblanc"))
    content = agent_client.get(SEARCH, {"q": dossier.number}).content.decode()
    assert dossier.get_absolute_url() in content
    assert other.get_absolute_url() not in content


def test_it_finds_a_dossier_by_niss_typed_with_separators(agent_client, make_dossier, louise):
    dossier = make_dossier(louise)
    content = agent_client.get(SEARCH, {"q": "974324 051 15"}).content.decode()
    assert dossier.get_absolute_url() in content


def test_it_finds_a_dossier_by_name_and_first_name(agent_client, make_dossier, louise):
    dossier = make_dossier(louise)
    make_dossier(PersonFactory(last_name="Lenoir", first_names="Louise"))
    content = agent_client.get(SEARCH, {"q": "delacroix louise"}).content.decode()
    assert dossier.get_absolute_url() in content
    assert "Lenoir" not in content


def test_the_search_never_shows_another_cpas_s_dossier(
    agent_client, make_dossier, louise, other_cpas
):
    theirs = make_dossier(louise, cpas=other_cpas)
    content = agent_client.get(SEARCH, {"q": "Delacroix"}).content.decode()
    assert theirs.get_absolute_url() not in content
    assert "Aucun dossier trouvé." in content


def test_an_empty_search_asks_for_a_criterion(agent_client):
    response = agent_client.get(SEARCH, {"q": "  "})
    assert response.status_code == 200
    assert "q" in response.context["form"].errors
    assert agent_client.get(SEARCH).status_code == 200


def test_the_search_runs_a_bounded_number_of_queries(
    agent_client, make_dossier, django_assert_num_queries
):
    for n in range(4):
        make_dossier(PersonFactory(first_names=f"P{n}"))
    agent_client.get(reverse("home"))
    with django_assert_num_queries(FIXED_QUERIES + 2):
        agent_client.get(SEARCH, {"q": "Delacroix"})
