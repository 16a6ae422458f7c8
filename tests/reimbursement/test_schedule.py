"""« Échéancier »: every deadline of the CPAS's dossiers, computed from the requests, decisions,
notifications and forms, the overdue first, filterable by social worker, kind and period."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import DecisionType, Piis
from reimbursement.models import FormState
from tests.reimbursement.lists_world import (
    decided,
    new_decision,
    new_dossier,
    new_form,
    new_request,
    notify,
    on_today,  # noqa: F401 (fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_today")]
URL = reverse("reimbursement_lists:schedule")


def page(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(content: str) -> list[str]:
    if "<tbody>" not in content:
        return []
    body = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.split(r"<tr\b[^>]*>", body)[1:]
    ]


def summary(content: str) -> list[tuple[str, str]]:
    """(due date, dossier's name) of each row (the dossiers' persons are all « Anne »: an
    agent's generated name may be one of these too)."""
    names = ("Ablay", "Bouxin", "Croquet", "Dujeux", "Erpicum", "Fagnoul")
    return [
        (row.split(" ")[0], next((name for name in names if f"{name} Anne" in row), "?"))
        for row in rows(content)
    ]


@pytest.fixture
def world(agent_profile, colleague_profile):
    """Today is 20/05/2026.

    - Ablay: a request of 10/04/2026, no decision yet (decision due 10/05, overdue);
    - Bouxin (the colleague's): a request of 05/05/2026 (decision due 04/06);
    - Croquet: an octroi of 15/04/2026, neither notified nor reported (notification due
      23/04, form B due 08/05, both overdue; review 15/04/2027);
    - Dujeux (the colleague's): an octroi of 10/03/2026 from 01/03, PIIS compulsory, notified
      15/03, form accepted (PIIS due 15/06/2026, its evaluations 15/10/2026, 15/02/2027 and
      15/06/2027, review 01/03/2027);
    - Erpicum: a refus of 12/05/2026, notified, no form (form C due 08/06/2026);
    - Fagnoul: an octroi from 01/06/2025, PIIS waived, notified and reported (review due
      01/06/2026).
    """
    aubry = new_request(new_dossier(agent_profile, "Ablay"), agent_profile.user, date(2026, 4, 10))
    bastin = new_request(
        new_dossier(colleague_profile, "Bouxin"), colleague_profile.user, date(2026, 5, 5)
    )
    collard = decided(
        agent_profile, "Croquet", received_on=date(2026, 3, 20), session_date=date(2026, 4, 15)
    )
    dubois = decided(
        colleague_profile,
        "Dujeux",
        received_on=date(2026, 2, 20),
        session_date=date(2026, 3, 10),
        starts_on=date(2026, 3, 1),
    )
    notify(dubois, colleague_profile.user, date(2026, 3, 15))
    new_form(dubois, state=FormState.ACCEPTED, sent_on=date(2026, 3, 16))
    evrard = decided(
        agent_profile,
        "Erpicum",
        received_on=date(2026, 4, 20),
        session_date=date(2026, 5, 12),
        type=DecisionType.REFUSAL,
    )
    notify(evrard, agent_profile.user, date(2026, 5, 14))
    fontaine = decided(
        agent_profile,
        "Fagnoul",
        received_on=date(2025, 5, 10),
        session_date=date(2025, 5, 28),
        starts_on=date(2025, 6, 1),
        piis=Piis.HEALTH,
    )
    notify(fontaine, agent_profile.user, date(2025, 6, 2))
    new_form(fontaine, state=FormState.ACCEPTED, sent_on=date(2025, 6, 3))
    return {
        "aubry": aubry,
        "bastin": bastin,
        "collard": collard,
        "dubois": dubois,
        "evrard": evrard,
        "fontaine": fontaine,
    }


def test_every_deadline_is_listed_the_overdue_first_with_its_kind_and_dossier(agent_client, world):
    content = page(agent_client)
    assert "12 échéances" in content
    assert summary(content) == [
        ("23/04/2026", "Croquet"),
        ("08/05/2026", "Croquet"),
        ("10/05/2026", "Ablay"),
        ("01/06/2026", "Fagnoul"),
        ("04/06/2026", "Bouxin"),
        ("08/06/2026", "Erpicum"),
        ("15/06/2026", "Dujeux"),
        ("15/10/2026", "Dujeux"),
        ("15/02/2027", "Dujeux"),
        ("01/03/2027", "Dujeux"),
        ("15/04/2027", "Croquet"),
        ("15/06/2027", "Dujeux"),
    ]
    listed = rows(content)
    assert "En retard de 27 jours" in listed[0]
    assert "Notification de la décision (8 jours)" in listed[0]
    assert "Octroi — 15/04/2026" in listed[0]
    assert "En retard de 12 jours" in listed[1] and "Formulaire B ou C au SPP IS" in listed[1]
    assert "jours perdus après le 14/06/2026" in listed[1]
    assert "En retard de 10 jours" in listed[2]
    assert "Décision sur la demande (30 jours)" in listed[2]
    assert f"{world['aubry'].register_number} — 10/04/2026" in listed[2]
    assert "Révision annuelle" in listed[3] and "dans 12 jours" in listed[3]
    assert "PIIS à conclure (3 mois)" in listed[6]
    assert all("Évaluation du PIIS (3 par an)" in listed[n] for n in (7, 8, 11))
    assert all("En retard" not in row for row in listed[3:])
    assert content.count('class="is-overdue"') == 3


def test_each_deadline_links_to_where_the_agent_meets_it(agent_client, world):
    content = agent_client.get(URL).content.decode()
    request_page = reverse("instruction:request", args=[world["aubry"].pk])
    assert f'<a href="{request_page}">Ouvrir la demande</a>' in content
    notification = reverse("decisions:notification", args=[world["collard"].pk])
    assert f'<a href="{notification}">Notifier la décision</a>' in content
    dossier = reverse("dossiers:detail", args=[world["dubois"].dossier_id])
    assert f'<a href="{dossier}">Ouvrir le dossier</a>' in content


def test_a_form_deadline_opens_the_draft_once_it_is_prepared(agent_client, world):
    draft = new_form(world["collard"])
    content = agent_client.get(URL + "?kind=formulaire").content.decode()
    link = reverse("reimbursement:form", args=[draft.pk])
    assert f'<a href="{link}">Ouvrir le formulaire</a>' in content


def test_a_deadline_disappears_once_its_step_is_recorded(agent_client, agent_profile, world):
    notify(world["collard"], agent_profile.user, date(2026, 5, 19))
    new_form(world["collard"], state=FormState.SENT, sent_on=date(2026, 5, 19))
    new_decision(world["aubry"], agent_profile.user, session_date=date(2026, 5, 18))
    content = page(agent_client, "?date_to=31/05/2026")
    # Croquet's notification and form, Ablay's decision: met. Ablay's new decision brings its
    # own: notification (26/05), form (08/06, outside the period).
    assert summary(content) == [("26/05/2026", "Ablay")]
    assert "Croquet" not in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=decision", [("10/05/2026", "Ablay"), ("04/06/2026", "Bouxin")]),
        ("?kind=notification", [("23/04/2026", "Croquet")]),
        ("?kind=formulaire", [("08/05/2026", "Croquet"), ("08/06/2026", "Erpicum")]),
        ("?kind=piis", [("15/06/2026", "Dujeux")]),
        (
            "?kind=evaluation_piis",
            [("15/10/2026", "Dujeux"), ("15/02/2027", "Dujeux"), ("15/06/2027", "Dujeux")],
        ),
        (
            "?kind=revision",
            [("01/06/2026", "Fagnoul"), ("01/03/2027", "Dujeux"), ("15/04/2027", "Croquet")],
        ),
        (
            "?date_from=01/06/2026&date_to=30/06/2026",
            [
                ("01/06/2026", "Fagnoul"),
                ("04/06/2026", "Bouxin"),
                ("08/06/2026", "Erpicum"),
                ("15/06/2026", "Dujeux"),
            ],
        ),
        ("?date_from=08/06/2026&date_to=08/06/2026", [("08/06/2026", "Erpicum")]),
        ("?date_from=08/05/2026&date_to=08/05/2026", [("08/05/2026", "Croquet")]),
        (
            "?date_from=09/05/2026&date_to=07/06/2026",
            [
                ("10/05/2026", "Ablay"),
                ("01/06/2026", "Fagnoul"),
                ("04/06/2026", "Bouxin"),
            ],
        ),
        (
            "?date_from=01/03/2027",
            [("01/03/2027", "Dujeux"), ("15/04/2027", "Croquet"), ("15/06/2027", "Dujeux")],
        ),
        (
            "?kind=evaluation_piis&date_from=01/02/2027&date_to=28/02/2027",
            [("15/02/2027", "Dujeux")],
        ),
        ("?date_to=23/04/2026", [("23/04/2026", "Croquet")]),
        ("?kind=piis&date_from=15/06/2026&date_to=15/06/2026", [("15/06/2026", "Dujeux")]),
        ("?kind=revision&date_from=01/06/2026&date_to=01/06/2026", [("01/06/2026", "Fagnoul")]),
    ],
)
def test_each_filter_keeps_the_deadlines_it_names(agent_client, world, query, expected):
    assert summary(page(agent_client, query)) == expected


def test_the_agent_filter_keeps_the_deadlines_of_their_enquiries(
    agent_client, world, colleague_profile
):
    content = page(agent_client, f"?social_worker={colleague_profile.user.pk}")
    assert summary(content) == [
        ("04/06/2026", "Bouxin"),
        ("15/06/2026", "Dujeux"),
        ("15/10/2026", "Dujeux"),
        ("15/02/2027", "Dujeux"),
        ("01/03/2027", "Dujeux"),
        ("15/06/2027", "Dujeux"),
    ]
    assert colleague_profile.user.get_full_name() in content


def test_the_piis_deadline_clips_to_the_end_of_a_shorter_month(agent_client, agent_profile):
    decision = decided(
        agent_profile, "Ablay", received_on=date(2025, 11, 1), session_date=date(2025, 11, 20)
    )
    notify(decision, agent_profile.user, date(2025, 11, 30))
    content = page(agent_client, "?kind=piis&date_from=28/02/2026&date_to=28/02/2026")
    assert summary(content) == [("28/02/2026", "Ablay")]
    assert "En retard de 81 jours" in content


def test_a_withdrawal_ends_the_piis_and_review_deadlines_and_a_revision_takes_the_review(
    agent_client, agent_profile
):
    dossier = new_dossier(agent_profile, "Ablay")
    dis_request = new_request(dossier, agent_profile.user, date(2025, 1, 5))
    grant = new_decision(
        dis_request, agent_profile.user, session_date=date(2025, 1, 20), starts_on=date(2025, 2, 1)
    )
    notify(grant, agent_profile.user, date(2025, 1, 24))
    new_form(grant, state=FormState.ACCEPTED)
    revision = new_decision(
        dis_request,
        agent_profile.user,
        type=DecisionType.REVISION,
        session_date=date(2025, 12, 15),
        starts_on=date(2026, 1, 1),
        revises=grant,
    )
    notify(revision, agent_profile.user, date(2025, 12, 18))
    new_form(revision, state=FormState.ACCEPTED)
    content = page(agent_client)
    # The octroi's PIIS and its evaluations are still due; its review passed to the révision.
    assert summary(content) == [
        ("24/04/2025", "Ablay"),
        ("24/08/2025", "Ablay"),
        ("24/12/2025", "Ablay"),
        ("24/04/2026", "Ablay"),
        ("01/01/2027", "Ablay"),
    ]
    withdrawal = new_decision(
        dis_request,
        agent_profile.user,
        type=DecisionType.WITHDRAWAL,
        session_date=date(2026, 5, 5),
        starts_on=date(2026, 5, 1),
        revises=revision,
    )
    notify(withdrawal, agent_profile.user, date(2026, 5, 6))
    new_form(withdrawal, state=FormState.ACCEPTED)
    assert summary(page(agent_client)) == []


def test_a_right_ending_before_its_anniversary_needs_no_review(agent_client, agent_profile):
    decided(
        agent_profile,
        "Ablay",
        received_on=date(2026, 1, 5),
        session_date=date(2026, 1, 20),
        starts_on=date(2026, 2, 1),
        ends_on=date(2026, 7, 31),
    )
    assert summary(page(agent_client, "?kind=revision")) == []


def test_nothing_due_nothing_matching_and_a_bad_filter_are_three_messages(
    agent_client, agent_profile
):
    assert "Aucune échéance en cours dans les dossiers de votre CPAS." in page(agent_client)
    new_request(new_dossier(agent_profile, "Ablay"), agent_profile.user, date(2026, 5, 5))
    assert "Aucune échéance ne correspond à ces filtres." in page(agent_client, "?kind=piis")
    response = agent_client.get(URL + "?date_from=30/06/2026&date_to=01/06/2026")
    assert response.context["form"].errors == {
        "date_to": ["La date de fin précède la date de début."]
    }
    bad = html.unescape(response.content.decode())
    assert "Les filtres ne sont pas valides" in bad and "Ablay" not in bad
    assert "Choisissez une échéance de la liste." in page(agent_client, "?kind=visite")


def test_an_outsider_sees_none_of_the_other_cpas_deadlines(outsider_client, world):
    content = page(outsider_client)
    assert "Aucune échéance en cours dans les dossiers de votre CPAS." in content
    for name in ("Ablay", "Bouxin", "Croquet", "Dujeux", "Erpicum", "Fagnoul"):
        assert name not in content


def count_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + query).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(agent_client, agent_profile):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            decision = decided(
                agent_profile,
                f"Nom{n:02d}",
                received_on=date(2026, 3, 1),
                session_date=date(2026, 3, 20),
            )
            notify(decision, agent_profile.user, date(2026, 3, 24))
            if n % 2:
                new_form(decision)

    add(2, 0)
    agent_client.get(URL)  # the session's idle expiry is renewed on the first page
    queries = ["", f"?social_worker={agent_profile.user.pk}&date_from=01/01/2026"]
    few = [count_queries(agent_client, query) for query in queries]
    add(18, 2)
    # Form, PIIS, its 3 evaluations and review of each.
    assert "120 échéances" in page(agent_client)
    assert [count_queries(agent_client, query) for query in queries] == few


def test_the_schedule_is_paginated_50_by_50(agent_client, agent_profile):
    dossier = new_dossier(agent_profile, "Ablay")
    for day in range(1, 29):
        new_request(dossier, agent_profile.user, date(2026, 2, day))
    dossier = new_dossier(agent_profile, "Bouxin")
    for day in range(1, 25):
        new_request(dossier, agent_profile.user, date(2026, 3, day))
    first = page(agent_client, "?kind=decision")
    assert "52 échéances" in first and len(rows(first)) == 50
    assert "?kind=decision&page=2" in first
    assert len(rows(page(agent_client, "?kind=decision&page=2"))) == 2


def test_the_menu_item_leads_to_the_schedule(agent_client):
    content = agent_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in content
