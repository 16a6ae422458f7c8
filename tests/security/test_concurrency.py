"""Concurrency through HTTP on PostgreSQL: N agents clicking at the same moment.

Each thread has its own test client (its own session) and its own database connection; a barrier
releases them together. SQLite serialises writers, so these tests need PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse

from accesslog.models import AccessAction, AccessLogEntry
from dossiers.models import Dossier
from requests_online.models import OnlineRequest, SubmissionBucket
from tests.conftest import login_with_profile
from tests.factories import OnlineRequestFactory, PersonFactory, ProfileFactory
from tests.requests_online.test_citizen_form import valid_data

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]
THREADS = 8


def run_together(clients, action):
    """Runs action(client) in one thread per client, released at once; returns the outcomes."""
    barrier = threading.Barrier(len(clients))
    outcomes: list = [None] * len(clients)

    def work(index, client):
        try:
            barrier.wait(timeout=20)
            outcomes[index] = action(client)
        except Exception as error:  # reported by the callers' assertions
            outcomes[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=item) for item in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def agents(cpas, count):
    return [
        login_with_profile(Client(raise_request_exception=False), ProfileFactory(cpas=cpas))
        for _ in range(count)
    ]


def test_agents_marking_the_same_request_read_at_once_record_one_reader(cpas):
    request = OnlineRequestFactory(cpas=cpas)
    clients = agents(cpas, THREADS)
    url = reverse("requests_online:mark_read", args=[request.pk])

    outcomes = run_together(clients, lambda client: client.post(url, follow=True))

    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    assert [o.status_code for o in outcomes] == [200] * THREADS
    pages = [o.content.decode() for o in outcomes]
    first = [p for p in pages if "La demande a été marquée comme lue." in p]
    already = [p for p in pages if "La demande avait déjà été marquée comme lue." in p]
    assert len(first) == 1 and len(already) == THREADS - 1
    request.refresh_from_db()
    assert request.read_at is not None
    readers = {client.session["_auth_user_id"] for client in clients}
    assert str(request.read_by_id) in readers
    # The reader and time stay those of the first click.
    recorded = (request.read_by_id, request.read_at)
    run_together(clients[:2], lambda client: client.post(url))
    request.refresh_from_db()
    assert (request.read_by_id, request.read_at) == recorded


def test_agents_toggling_read_and_unread_at_once_never_fail(cpas):
    request = OnlineRequestFactory(cpas=cpas)
    clients = agents(cpas, THREADS)
    urls = [
        reverse(f"requests_online:{'mark_read' if n % 2 else 'mark_unread'}", args=[request.pk])
        for n in range(THREADS)
    ]
    pairs = list(zip(clients, urls, strict=True))
    outcomes = run_together(pairs, lambda pair: pair[0].post(pair[1]))
    assert [getattr(o, "status_code", o) for o in outcomes] == [302] * THREADS
    request.refresh_from_db()
    assert (request.read_at is None) == (request.read_by_id is None)
    assert OnlineRequest.objects.filter(pk=request.pk).count() == 1


def test_agents_creating_the_same_dossier_at_once_get_one_dossier(cpas):
    person = PersonFactory(last_name="Concurrent", first_names="Camille")
    clients = agents(cpas, THREADS)
    url = reverse("dossiers:person", args=[person.pk])
    address = {
        "street": "Rue Lambert",
        "house_number": "7",
        "postal_code": "3717",
        "locality": "Herstappe",
        "country": "Belgique",
    }

    outcomes = run_together(clients, lambda client: client.post(url, address))

    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    statuses = sorted(o.status_code for o in outcomes)
    assert statuses == [200] * (THREADS - 1) + [302], statuses
    dossier = Dossier.objects.get(person=person, cpas=cpas)
    created = [o for o in outcomes if o.status_code == 302]
    assert created[0].url == dossier.get_absolute_url()
    for refused in (o for o in outcomes if o.status_code == 200):
        page = refused.content.decode()
        assert "Un dossier existe déjà pour cette personne" in page
        assert dossier.get_absolute_url() in page
    creations = AccessLogEntry.objects.filter(
        dossier_pk=dossier.pk, action=AccessAction.DOSSIER_CREATION
    )
    assert creations.count() == 1


@pytest.mark.parametrize(
    ("address_of", "bucket"),
    [
        (lambda n: "203.0.113.7", "203.0.113.7"),
        (lambda n: f"2001:db8:7:7::{n + 1:x}", "2001:db8:7:7::/64"),
        (lambda n: "", "unknown"),
    ],
    ids=["ipv4", "ipv6-one-64", "no-address"],
)
def test_simultaneous_submissions_from_one_client_store_exactly_the_limit(
    cpas, settings, address_of, bucket
):
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 5
    submissions = 20
    clients = [
        Client(raise_request_exception=False, REMOTE_ADDR=address_of(n)) for n in range(submissions)
    ]
    url = reverse("requests_online:citizen_form")

    outcomes = run_together(clients, lambda client: client.post(url, valid_data()))

    assert all(not isinstance(o, Exception) for o in outcomes), outcomes
    statuses = sorted(o.status_code for o in outcomes)
    assert statuses == [302] * 5 + [429] * (submissions - 5), statuses
    assert OnlineRequest.objects.count() == 5
    assert SubmissionBucket.objects.get(key=bucket).count == 5
