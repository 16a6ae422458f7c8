import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from primaweb.middleware import SessionIdleRefreshMiddleware

pytestmark = pytest.mark.django_db


def stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_active_session_is_renewed_but_not_on_every_request(agent_client):
    agent_client.get(reverse("home"))
    first = stored_expiry(agent_client)
    agent_client.get(reverse("home"))
    assert stored_expiry(agent_client) == first  # no write within the refresh interval


def test_the_expiry_is_renewed_once_the_interval_has_passed(agent_client, settings):
    settings.SESSION_IDLE_REFRESH_SECONDS = 0
    agent_client.get(reverse("home"))
    first = stored_expiry(agent_client)
    time.sleep(1.1)
    agent_client.get(reverse("home"))
    assert stored_expiry(agent_client) > first


def test_sessions_expire_after_30_minutes_idle_and_at_browser_close(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert SessionIdleRefreshMiddleware.KEY.startswith("_")


def test_anonymous_visitors_get_no_session(client):
    response = client.get(reverse("login"))
    assert "sessionid" not in response.cookies
