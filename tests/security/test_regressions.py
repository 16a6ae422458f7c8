"""500s found by the security work (hostile input, load test), kept as regression tests."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import OnlineRequestFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_details_of_a_request_read_by_a_deleted_agent(agent_client, cpas):
    """read_by is SET_NULL when the agent's account is deleted: the page said nothing, a 500."""
    reader = UserFactory(first_name="Ancien", last_name="Agent")
    request = OnlineRequestFactory(cpas=cpas, read_at=timezone.now(), read_by=reader)
    reader.delete()
    response = agent_client.get(reverse("requests_online:details", args=[request.pk]))
    assert response.status_code == 200
    assert "par un agent supprimé" in response.content.decode()


def test_details_name_the_reader(agent_client, cpas):
    reader = UserFactory(first_name="Marie", last_name="Lecture")
    request = OnlineRequestFactory(cpas=cpas, read_at=timezone.now(), read_by=reader)
    response = agent_client.get(reverse("requests_online:details", args=[request.pk]))
    assert "par Marie Lecture" in response.content.decode()
    reader.first_name = reader.last_name = ""
    reader.save()
    response = agent_client.get(reverse("requests_online:details", args=[request.pk]))
    assert f"par {reader.username}" in response.content.decode()
