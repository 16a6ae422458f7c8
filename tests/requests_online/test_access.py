"""An agent never sees, opens or marks a request of another CPAS."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_outsider_does_not_find_the_request_in_the_list(outsider_client, online_request):
    response = outsider_client.get(reverse("requests_online:list"))
    assert online_request.reference not in response.content.decode()
    by_reference = outsider_client.get(
        reverse("requests_online:list"),
        {"mode": "reference", "reference": online_request.reference},
    )
    assert f">{online_request.reference}</td>" not in by_reference.content.decode()
    assert "Aucune demande ne correspond à votre recherche" in by_reference.content.decode()


@pytest.mark.parametrize(
    ("name", "method"),
    [("details", "get"), ("mark_read", "post"), ("mark_unread", "post")],
)
def test_the_outsider_gets_404_on_details_mark_and_unmark(
    outsider_client, online_request, name, method
):
    response = getattr(outsider_client, method)(
        reverse(f"requests_online:{name}", args=[online_request.pk])
    )
    assert response.status_code == 404


def test_the_outsider_cannot_change_the_read_state(outsider_client, online_request):
    outsider_client.post(reverse("requests_online:mark_read", args=[online_request.pk]))
    online_request.refresh_from_db()
    assert online_request.read_at is None


def test_a_colleague_of_the_same_cpas_sees_the_request(colleague_client, online_request):
    response = colleague_client.get(reverse("requests_online:details", args=[online_request.pk]))
    assert response.status_code == 200


def test_anonymous_users_are_sent_to_login(client, online_request):
    for url in [
        reverse("requests_online:list"),
        reverse("requests_online:details", args=[online_request.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    response = client.post(reverse("requests_online:mark_read", args=[online_request.pk]))
    assert response.status_code == 302
    online_request.refresh_from_db()
    assert online_request.read_at is None
