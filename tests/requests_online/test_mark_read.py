import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def mark_url(obj):
    return reverse("requests_online:mark_read", args=[obj.pk])


def unmark_url(obj):
    return reverse("requests_online:mark_unread", args=[obj.pk])


def test_it_marks_the_request_read_by_post(agent_client, online_request, agent_profile):
    response = agent_client.post(mark_url(online_request))
    assert response.status_code == 302
    online_request.refresh_from_db()
    assert online_request.read_by == agent_profile.user
    assert online_request.read_at is not None


def test_get_does_not_mark_the_request_read(agent_client, online_request):
    assert agent_client.get(mark_url(online_request)).status_code == 405
    assert agent_client.get(unmark_url(online_request)).status_code == 405
    online_request.refresh_from_db()
    assert online_request.read_at is None


def test_a_second_click_keeps_the_first_reader_and_time(
    agent_client, colleague_client, online_request, agent_profile
):
    agent_client.post(mark_url(online_request))
    online_request.refresh_from_db()
    first = (online_request.read_at, online_request.read_by_id)
    response = colleague_client.post(mark_url(online_request), follow=True)
    assert "déjà été marquée comme lue" in response.content.decode()
    online_request.refresh_from_db()
    assert (online_request.read_at, online_request.read_by_id) == first


def test_it_marks_the_request_unread_again(agent_client, online_request):
    agent_client.post(mark_url(online_request))
    agent_client.post(unmark_url(online_request))
    online_request.refresh_from_db()
    assert online_request.read_at is None
    assert online_request.read_by is None


def test_a_read_request_moves_from_unread_to_read_in_the_list(agent_client, online_request):
    list_url = reverse("requests_online:list")
    assert online_request.reference in agent_client.get(list_url).content.decode()
    agent_client.post(mark_url(online_request))
    assert online_request.reference not in agent_client.get(list_url).content.decode()
    read = agent_client.get(list_url, {"mode": "demandes", "state": "lues"})
    assert online_request.reference in read.content.decode()


def test_after_marking_it_returns_to_the_details_keeping_the_list_filter(
    agent_client, online_request
):
    back = reverse("requests_online:list") + "?mode=demandes&state=non_lues&page=2"
    response = agent_client.post(mark_url(online_request), {"retour": back})
    details = reverse("requests_online:details", args=[online_request.pk])
    assert response.url.startswith(details + "?retour=")
    followed = agent_client.get(response.url)
    assert followed.context["return_url"] == back


def test_an_outside_retour_is_ignored_after_marking(agent_client, online_request):
    response = agent_client.post(mark_url(online_request), {"retour": "https://evil.example/"})
    followed = agent_client.get(response.url)
    assert followed.context["return_url"] == reverse("requests_online:list")
