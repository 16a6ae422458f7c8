"""Every cache key comes from a bounded set: no key per URL typed, reference or date searched.

The side menu is kept per language, role and active menu item; the request list's filter form
and results only for the unread and the read list (first pages). Anything an agent or a
visitor types freely is rendered each time, so that the cache cannot be filled with one key per
value (issue #12, item 8). The tests run on Django's local-memory cache (no CACHES setting).
"""

from datetime import date, datetime, time
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_online.selectors import CACHED_LIST_PAGES
from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db

LIST = reverse("requests_online:list")


def cache_keys() -> set[str]:
    backend = caches["default"]
    assert isinstance(backend, LocMemCache), type(backend)
    return set(backend._cache)


def submitted(cpas, day: date, **kwargs):
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    return OnlineRequestFactory(cpas=cpas, submitted_on=day, submitted_at=moment, **kwargs)


def request_table_queries(context) -> int:
    return sum("requests_online_onlinerequest" in q["sql"] for q in context.captured_queries)


def test_fifty_unknown_paths_make_no_cache_key(agent_client):
    first = agent_client.get("/pas-de-page-0/")
    assert first.status_code == 404
    assert 'class="side-menu"' in first.content.decode()
    before = cache_keys()
    for number in range(1, 51):
        response = agent_client.get(f"/pas-de-page-{number}/?x={number}")
        assert response.status_code == 404
        assert 'class="side-menu"' in response.content.decode()
    assert cache_keys() == before


def test_fifty_typed_references_make_no_cache_key(agent_client, cpas):
    wanted = submitted(cpas, date(2024, 7, 24), reference="2A90072YKMHZ")
    agent_client.get(LIST, {"mode": "reference", "reference": "0000AAAA0000"})
    before = cache_keys()
    for number in range(50):
        response = agent_client.get(LIST, {"mode": "reference", "reference": f"{number:012d}"})
        assert "Aucune demande ne correspond à votre recherche" in response.content.decode()
        assert f'value="{number:012d}"' in response.content.decode()
    # The one that matches opens the request (details: nothing of the list is cached).
    response = agent_client.get(LIST, {"mode": "reference", "reference": "2a90 072y kmhz"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("requests_online:details", args=[wanted.pk]))
    assert cache_keys() == before


def test_fifty_date_ranges_make_no_cache_key(agent_client, cpas):
    item = submitted(cpas, date(2024, 7, 15))
    agent_client.get(LIST, {"mode": "demandes", "date_from": "01/01/2024"})
    before = cache_keys()
    for day in range(1, 51):
        start = date(2024, 1, 1).toordinal() + day
        typed = date.fromordinal(start).strftime("%d/%m/%Y")
        response = agent_client.get(LIST, {"mode": "demandes", "date_from": typed})
        content = response.content.decode()
        assert f'value="{typed}"' in content
        assert item.reference in content
    assert cache_keys() == before


def test_page_numbers_and_stray_parameters_make_a_bounded_number_of_keys(agent_client, cpas):
    submitted(cpas, date(2024, 7, 24))
    agent_client.get(LIST)
    before = cache_keys()
    for number in range(50):
        agent_client.get(LIST, {"utm": str(number)})
        agent_client.get(LIST, {"page": str(CACHED_LIST_PAGES + 1 + number)})
        agent_client.get(LIST, {"page": f"x{number}"})
    assert cache_keys() == before
    # Pages 2 to CACHED_LIST_PAGES of the unread and read lists: one results key each.
    for number in range(2, CACHED_LIST_PAGES + 1):
        agent_client.get(LIST, {"page": str(number)})
        agent_client.get(LIST, {"mode": "demandes", "state": "lues", "page": str(number)})
    read_list_keys = 1 + 1  # the read list's form, its first page (asked for below)
    agent_client.get(LIST, {"mode": "demandes", "state": "lues"})
    assert len(cache_keys() - before) == 2 * (CACHED_LIST_PAGES - 1) + read_list_keys


def test_the_read_list_s_pages_are_cached_with_links_built_from_the_list_not_the_url(
    agent_client, cpas
):
    for _ in range(60):
        submitted(cpas, date(2024, 7, 24), read_at=timezone.now())
    query = {"state": "lues", "mode": "demandes", "date_from": "", "utm": "campagne", "page": "2"}
    first = agent_client.get(LIST, query).content.decode()
    with CaptureQueriesContext(connection) as again:
        second = agent_client.get(LIST, {"mode": "demandes", "state": "lues", "page": "2"})
    assert request_table_queries(again) == 0
    content = second.content.decode()
    results = content[content.index('<p class="result-count"') : content.index("</main>")]
    assert results == first[first.index('<p class="result-count"') : first.index("</main>")]
    assert "60 demandes trouvées" in content
    assert "?mode=demandes&amp;state=lues&amp;page=1" in content
    assert "campagne" not in results  # the links are the list's, not the first URL's
    assert urlencode({"retour": f"{LIST}?mode=demandes&state=lues&page=2"}) in content


def test_a_date_range_reads_the_requests_each_time(agent_client, cpas):
    item = submitted(cpas, date(2024, 7, 15))
    query = {"mode": "demandes", "date_from": "01/07/2024"}
    agent_client.get(LIST, query)
    with CaptureQueriesContext(connection) as again:
        response = agent_client.get(LIST, query)
    assert request_table_queries(again) == 2
    assert item.reference in response.content.decode()
    assert 'value="01/07/2024"' in response.content.decode()


def test_the_menu_marks_the_current_page_and_no_page_on_unknown_paths(agent_client):
    agent_client.get("/pas-de-page/")
    listed = agent_client.get(LIST).content.decode()
    assert f'<a href="{LIST}" aria-current="page">' in listed
    missing = agent_client.get("/pas-de-page-encore/").content.decode()
    assert 'class="side-menu"' in missing
    assert 'aria-current="page"' not in missing
    home = agent_client.get(reverse("home")).content.decode()
    assert f'<a href="{LIST}" aria-current="page">' not in home
    again = agent_client.get(LIST).content.decode()
    assert f'<a href="{LIST}" aria-current="page">' in again


def test_the_menu_is_kept_once_per_menu_page_language_and_role(
    agent_client, cpas_admin_client, monkeypatch
):
    from primaweb import menu

    # An item for administrators only (none in the manual's menu today), so that the role
    # makes a difference that a shared cached menu would show.
    title, items = menu.MENU[0]
    reserved = menu.MenuItem("Réservé aux administrateurs", "home", admin_only=True)
    monkeypatch.setattr(menu, "MENU", [(title, [*items, reserved]), *menu.MENU[1:]])
    agent_client.get(LIST)
    before = cache_keys()
    agent_client.get(LIST, {"mode": "demandes", "state": "non_lues"})
    agent_client.get(f"{LIST}?page=1")
    assert cache_keys() == before
    admin_page = cpas_admin_client.get("/pas-de-page/").content.decode()
    assert "Réservé aux administrateurs" in admin_page
    agent_page = agent_client.get("/pas-de-page/").content.decode()
    assert "Réservé aux administrateurs" not in agent_page
    assert "Admin-Logs" in admin_page and "Admin-Logs" in agent_page
