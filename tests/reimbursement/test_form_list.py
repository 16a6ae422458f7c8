"""« Lister les formulaires »: every form of the CPAS, newest first, filtered by type, état,
période d'envoi and travailleur social, paginated, with the CSV of the filtered list."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import DecisionType
from reimbursement.models import FormState
from tests.reimbursement.lists_world import decided, new_form

pytestmark = pytest.mark.django_db
URL = reverse("reimbursement_lists:list")
EXPORT = reverse("reimbursement_lists:export")


def page(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(content: str) -> list[str]:
    body = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.split(r"<tr\b[^>]*>", body)[1:]
    ]


@pytest.fixture
def forms(agent_profile, colleague_profile):
    """An accepted B (Ablay), a refused C (Bouxin), a draft B of the colleague's enquiry
    (Croquet), a blocked B (Dujeux): created in this order."""
    aubry = decided(
        agent_profile, "Ablay", received_on=date(2026, 2, 2), session_date=date(2026, 3, 2)
    )
    bastin = decided(
        agent_profile,
        "Bouxin",
        received_on=date(2026, 3, 2),
        session_date=date(2026, 4, 10),
        type=DecisionType.REFUSAL,
    )
    collard = decided(
        colleague_profile, "Croquet", received_on=date(2026, 4, 1), session_date=date(2026, 4, 20)
    )
    dubois = decided(
        agent_profile, "Dujeux", received_on=date(2026, 4, 2), session_date=date(2026, 4, 28)
    )
    return {
        "accepted": new_form(
            aubry, state=FormState.ACCEPTED, sent_on=date(2026, 3, 10), days_lost=0
        ),
        "refused": new_form(bastin, state=FormState.REFUSED, sent_on=date(2026, 4, 15)),
        "draft": new_form(collard),
        "blocked": new_form(dubois, state=FormState.BLOCKED, sent_on=date(2026, 5, 2)),
    }


def test_every_form_of_the_cpas_is_listed_newest_first_with_its_values(
    agent_client, forms, colleague_profile
):
    content = page(agent_client)
    assert "4 formulaires" in content
    listed = rows(content)
    assert [row.split(" ")[0] for row in listed] == [
        forms["blocked"].reference,
        forms["draft"].reference,
        forms["refused"].reference,
        forms["accepted"].reference,
    ]
    blocked, draft, refused, accepted = listed
    assert "Bloqué" in blocked and "Dujeux Anne" in blocked and "02/05/2026 10:00" in blocked
    assert "Brouillon" in draft and "Croquet" in draft
    assert colleague_profile.user.get_full_name() in draft
    assert "Refusé" in refused and "Refus séance du 10/04/2026" in refused
    assert "Accepté" in accepted and "Octroi séance du 02/03/2026" in accepted
    assert accepted.endswith(" 0")
    agent = forms["accepted"].decision.request.enquiry.social_worker
    assert agent.get_full_name() in accepted
    link = reverse("reimbursement:form", args=[forms["draft"].pk])
    assert f'href="{link}"' in agent_client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?type=C", ["refused"]),
        ("?type=B", ["blocked", "draft", "accepted"]),
        ("?state=bloque", ["blocked"]),
        ("?state=brouillon", ["draft"]),
        ("?date_from=01/04/2026&date_to=30/04/2026", ["refused"]),
        ("?date_from=15/04/2026&date_to=15/04/2026", ["refused"]),
        ("?date_from=16/04/2026", ["blocked"]),
        ("?date_to=10/03/2026", ["accepted"]),
        ("?type=B&date_from=01/03/2026&date_to=31/05/2026", ["blocked", "accepted"]),
    ],
)
def test_each_filter_keeps_the_forms_it_names(agent_client, forms, query, expected):
    content = page(agent_client, query)
    assert [row.split(" ")[0] for row in rows(content)] == [
        forms[name].reference for name in expected
    ]


def test_the_social_worker_filter_keeps_the_forms_of_their_enquiries(
    agent_client, forms, colleague_profile
):
    content = page(agent_client, f"?social_worker={colleague_profile.user.pk}")
    assert [row.split(" ")[0] for row in rows(content)] == [forms["draft"].reference]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?date_from=30/04/2026&date_to=01/04/2026", "La date de fin précède la date de début."),
        ("?date_from=31/02/2026", "Saisissez une date au format JJ/MM/AAAA."),
        ("?date_to=2026-04-30", "Saisissez une date au format JJ/MM/AAAA."),
        ("?date_from=01/01/1800", "L'année doit être comprise entre 1900 et 2100."),
        ("?type=D", "Choisissez un type de la liste."),
        ("?state=perdu", "Choisissez un état de la liste."),
        ("?social_worker=abc", "Cet agent ne fait pas partie de votre CPAS."),
    ],
)
def test_a_bad_filter_is_refused_with_its_message_and_lists_nothing(
    agent_client, forms, query, message
):
    content = page(agent_client, query)
    assert message in content
    assert "Les filtres ne sont pas valides" in content
    assert "<tbody>" not in content


def test_the_end_before_the_start_is_refused_on_the_end_field(agent_client, forms):
    response = agent_client.get(URL + "?date_from=30/04/2026&date_to=01/04/2026")
    form = response.context["form"]
    assert form.errors == {"date_to": ["La date de fin précède la date de début."]}


def test_no_form_at_all_and_no_form_matching_are_two_messages(agent_client, agent_profile):
    assert "Aucun formulaire B ou C n'a encore été préparé dans votre CPAS." in page(agent_client)
    decision = decided(
        agent_profile, "Ablay", received_on=date(2026, 2, 2), session_date=date(2026, 3, 2)
    )
    new_form(decision)
    content = page(agent_client, "?type=C")
    assert "Aucun formulaire ne correspond à ces filtres." in content
    assert "Aucun formulaire B ou C" not in content


def test_an_outsider_sees_none_of_the_other_cpas_forms(outsider_client, forms):
    content = page(outsider_client)
    assert "Aucun formulaire B ou C n'a encore été préparé dans votre CPAS." in content
    for name in ("Ablay", "Bouxin", "Croquet", "Dujeux"):
        assert name not in content
    export = outsider_client.get(EXPORT).content.decode("utf-8-sig")
    assert len(export.strip().splitlines()) == 1  # the header alone


def test_the_filter_form_kept_for_one_cpas_never_lists_another_cpas_agents(
    agent_client, outsider_client, agent_profile, colleague_profile, outsider_profile
):
    """The form with nothing typed is rendered once per CPAS and language, then reused."""
    first = agent_client.get(URL).content.decode()
    assert f'<option value="{colleague_profile.user.pk}">' in first
    content = outsider_client.get(URL).content.decode()
    assert f'<option value="{outsider_profile.user.pk}">' in content
    for profile in (agent_profile, colleague_profile):
        assert f'<option value="{profile.user.pk}">' not in content
    assert agent_client.get(URL).content.decode().count("<option") == first.count("<option")


def count_queries(client, query: str = "") -> int:
    """The queries of the page rendered afresh (nothing cached: test_form_list_cache.py counts
    those of a page served from the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + query).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(
    agent_client, agent_profile, colleague_profile
):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            profile = colleague_profile if n % 2 else agent_profile
            decision = decided(
                profile, f"Nom{n:02d}", received_on=date(2026, 3, 1), session_date=date(2026, 3, 9)
            )
            new_form(decision, state=FormState.ACCEPTED, sent_on=date(2026, 3, 12))

    add(2, 0)
    agent_client.get(URL)  # the session's idle expiry is renewed on the first page
    queries = ["", "?type=B&state=accepte", f"?social_worker={agent_profile.user.pk}"]
    few = [count_queries(agent_client, query) for query in queries]
    add(18, 2)
    assert "20 formulaires" in page(agent_client)
    assert [count_queries(agent_client, query) for query in queries] == few
    assert few[0] <= 8


def test_the_list_is_paginated_25_by_25(agent_client, agent_profile):
    for n in range(27):
        decision = decided(
            agent_profile,
            f"Nom{n:02d}",
            received_on=date(2026, 3, 1),
            session_date=date(2026, 3, 9),
        )
        new_form(decision)
    first = page(agent_client, "?type=B")
    assert len(rows(first)) == 25 and "Page 1 sur 2" in first
    assert "?type=B&page=2" in first
    assert len(rows(page(agent_client, "?type=B&page=2"))) == 2
    assert len(rows(page(agent_client, "?type=B&page=99"))) == 2  # past the end: the last


def test_the_csv_holds_every_row_of_the_filtered_list(agent_client, forms):
    response = agent_client.get(EXPORT + "?type=B&state=accepte")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="formulaires-')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:4] == ["Référence", "Type", "État", "Numéro de dossier"]
    accepted = forms["accepted"]
    assert lines[1:] == [
        [
            accepted.reference,
            "B",
            "Accepté",
            accepted.dossier.number,
            "Ablay",
            "Anne",
            "Octroi",
            "02/03/2026",
            "02/03/2026",
            "10/03/2026 10:00",
            accepted.decision.request.enquiry.social_worker.get_full_name(),
            "0",
        ]
    ]


def test_the_csv_link_keeps_the_filter_and_a_bad_filter_shows_the_list_instead(agent_client, forms):
    content = agent_client.get(URL + "?type=B&page=1").content.decode()
    assert f'href="{EXPORT}?type=B"' in content
    response = agent_client.get(EXPORT + "?date_from=30/04/2026&date_to=01/04/2026")
    assert response.status_code == 400
    assert "La date de fin précède la date de début." in html.unescape(response.content.decode())


def test_the_menu_item_leads_to_the_list(agent_client):
    content = agent_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in content
