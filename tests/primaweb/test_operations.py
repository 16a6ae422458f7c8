"""What operators rely on: the health checks for the load balancer, one JSON log line per
request with its id (never a name or a national number), the id on the 500 page."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import connection
from django.test import Client

from primaweb.errors import fallback_500
from primaweb.request_log import JsonFormatter, RequestIdFilter
from tests.conftest import login_with_profile

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_login_and_without_data(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readiness_checks_the_database_and_the_cache(client):
    response = client.get("/readyz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_readiness_says_503_when_the_database_does_not_answer(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("connection refused to db.internal:5432 as primaweb")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "checks": {"database": "error", "cache": "ok"}}
    assert b"db.internal" not in response.content


def test_readiness_says_503_when_the_cache_does_not_answer(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/readyz/")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


def test_health_checks_refuse_writes(client):
    assert client.post("/healthz/").status_code == 405
    assert client.post("/readyz/").status_code == 405


def test_health_checks_are_exempt_from_the_https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/healthz/").status_code == 200
    assert client.get("/readyz/").status_code == 200
    assert client.get("/connexion/").status_code == 301


@pytest.fixture
def request_log(caplog):
    """The request logger's records (it does not propagate to the root logger)."""
    logger = logging.getLogger("primaweb.requests")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def request_lines(caplog) -> list[dict]:
    formatter, request_id = JsonFormatter(), RequestIdFilter()
    lines = []
    for record in caplog.records:
        if record.name == "primaweb.requests":
            request_id.filter(record)
            lines.append(json.loads(formatter.format(record)))
    return lines


def test_each_request_writes_one_json_line_with_its_id_user_cpas_status_and_duration(
    agent_client, agent_profile, request_log
):
    response = agent_client.get("/dossiers/rechercher/?q=85073003328")
    [line] = request_lines(request_log)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["user_id"] == agent_profile.user_id
    assert line["cpas_id"] == agent_profile.cpas_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/dossiers/rechercher/", 200)
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO" and line["logger"] == "primaweb.requests"
    text = json.dumps(line)
    # Never a national number (the query string is not logged) nor a name.
    assert "85073003328" not in text
    assert agent_profile.user.username not in text and agent_profile.user.last_name not in text


def test_a_long_number_in_a_path_is_masked(client, request_log):
    client.get("/inconnu/85073003328/")
    [line] = request_lines(request_log)
    assert line["path"] == "/inconnu/***/" and line["status"] == 404
    assert line["user_id"] is None and line["cpas_id"] is None


def test_health_checks_are_not_logged(client, request_log):
    client.get("/healthz/")
    client.get("/readyz/")
    assert request_lines(request_log) == []


def test_every_response_carries_a_new_request_id(client):
    first, second = client.get("/connexion/"), client.get("/connexion/")
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_500_page_shows_the_request_id(agent_profile, settings):
    settings.ROOT_URLCONF = "tests.security.urls_boom"
    client = login_with_profile(Client(raise_request_exception=False), agent_profile)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert response["X-Request-ID"] in response.content.decode()


def test_the_plain_500_fallback_shows_the_request_id_too():
    assert "<code>abc123</code>" in fallback_500("abc123")


def test_the_json_formatter_writes_one_line_with_the_exception():
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), None)
        record.exc_info = sys.exc_info()
    line = formatter.format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "failed here" and "ValueError: boom" in parsed["exception"]
