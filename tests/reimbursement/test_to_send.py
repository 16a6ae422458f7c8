"""« Chercher les dossiers pour lesquels il reste des formulaires à envoyer »: the decisions of
the CPAS with no form sent yet, by report deadline (8 days after the end of the session's
month), the late ones said in words, with the days lost from the 45th day."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reimbursement.models import FormState
from reimbursement.services import form_send, forms_prepare
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
URL = reverse("reimbursement_lists:to_send")


def page(client, query: str = "") -> str:
    response = client.get(URL + query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def rows(content: str) -> list[str]:
    """The table's rows, as text without tags."""
    body = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.split(r"<tr\b[^>]*>", body)[1:]
    ]


@pytest.fixture
def decisions(agent_profile, colleague_profile):
    """Three decisions still to report (one losing days, one late, one in time, the last one
    followed by the colleague), one reported, one with a draft, one refused."""
    losing = decided(
        agent_profile, "Ablay", received_on=date(2026, 2, 20), session_date=date(2026, 3, 10)
    )
    late = decided(
        agent_profile, "Bouxin", received_on=date(2026, 3, 25), session_date=date(2026, 4, 15)
    )
    in_time = decided(
        colleague_profile, "Croquet", received_on=date(2026, 4, 20), session_date=date(2026, 5, 12)
    )
    reported = decided(
        agent_profile, "Dujeux", received_on=date(2026, 2, 1), session_date=date(2026, 2, 25)
    )
    new_form(reported, state=FormState.ACCEPTED, sent_on=date(2026, 3, 2))
    refused = decided(
        agent_profile, "Erpicum", received_on=date(2026, 2, 1), session_date=date(2026, 2, 26)
    )
    new_form(refused, state=FormState.REFUSED, sent_on=date(2026, 3, 3))
    drafted = decided(
        agent_profile, "Fagnoul", received_on=date(2026, 4, 1), session_date=date(2026, 4, 28)
    )
    draft = new_form(drafted)
    return {
        "losing": losing,
        "late": late,
        "in_time": in_time,
        "drafted": drafted,
        "draft": draft,
    }


def test_the_decisions_without_a_sent_form_are_listed_by_deadline_with_days_late_and_lost(
    agent_client, decisions
):
    content = page(agent_client)
    assert "4 décisions à déclarer" in content
    listed = rows(content)
    assert [row.split(" ")[0] for row in listed] == [
        "08/04/2026",
        "08/05/2026",
        "08/05/2026",
        "08/06/2026",
    ]
    losing, late, drafted, in_time = listed
    assert "En retard de 42 jours" in losing
    assert "5 jours perdus s'il est envoyé aujourd'hui" in losing
    assert "Ablay Anne" in losing and decisions["losing"].dossier.number in losing
    assert "séance du 10/03/2026" in losing
    assert "En retard de 12 jours" in late
    assert "Aucun s'il est envoyé au plus tard le 14/06/2026" in late
    assert "Fagnoul" in drafted
    assert "dans 19 jours" in in_time and "En retard" not in in_time
    assert "Aucun s'il est envoyé au plus tard le 15/07/2026" in in_time
    assert "Dujeux" not in content and "Erpicum" not in content


def test_late_rows_are_marked_in_words_and_by_style_not_by_colour_alone(agent_client, decisions):
    content = agent_client.get(URL).content.decode()
    assert content.count('class="is-overdue"') == 3
    assert content.count('<strong class="tag tag--overdue">') == 3


def test_a_draft_is_linked_and_a_decision_without_form_can_be_prepared(agent_client, decisions):
    content = agent_client.get(URL).content.decode()
    draft = decisions["draft"]
    assert f'href="{reverse("reimbursement:form", args=[draft.pk])}">{draft.reference}' in content
    prepare = reverse("reimbursement:prepare", args=[decisions["losing"].pk])
    assert f'action="{prepare}"' in content
    assert "Préparer le formulaire B" in content
    dossier = decisions["losing"].dossier
    assert f'href="{reverse("dossiers:detail", args=[dossier.pk])}"' in content


def test_a_decision_leaves_the_list_once_its_form_is_sent_to_the_spp_is(
    agent_client, agent_profile, grant
):
    """The whole chain: the Council's decision, its form B prepared, then sent."""
    content = page(agent_client)
    assert "1 décision à déclarer" in content and "Delacroix" in content
    (form,) = forms_prepare(decision=grant)
    assert form.reference in page(agent_client)
    form_send(form=form, user=agent_profile.user)
    content = page(agent_client)
    assert "Delacroix" not in content
    assert "il ne reste aucun formulaire à envoyer" in content


def test_a_refusal_is_reported_on_a_form_c(agent_client, refusal):
    content = page(agent_client)
    assert "Refus" in content and "Préparer le formulaire C" in content


def test_the_lateness_filter_keeps_the_late_decisions_or_those_losing_days(agent_client, decisions):
    late = page(agent_client, "?lateness=retard")
    assert "3 décisions à déclarer" in late
    assert "Croquet" not in late and "Ablay" in late and "Bouxin" in late
    losing = page(agent_client, "?lateness=perte")
    assert "1 décision à déclarer" in losing
    assert "Ablay" in losing and "Bouxin" not in losing


def test_the_social_worker_filter_keeps_the_decisions_of_their_enquiries(
    agent_client, decisions, colleague_profile
):
    content = page(agent_client, f"?social_worker={colleague_profile.user.pk}")
    assert "1 décision à déclarer" in content
    assert "Croquet" in content and "Ablay" not in content


def test_nothing_to_report_nothing_matching_and_a_bad_filter_are_three_messages(
    agent_client, agent_profile, outsider_profile
):
    nothing = page(agent_client)
    assert "il ne reste aucun formulaire à envoyer" in nothing
    decided(agent_profile, "Bouxin", received_on=date(2026, 5, 1), session_date=date(2026, 5, 12))
    no_match = page(agent_client, "?lateness=perte")
    assert "Aucune décision à déclarer ne correspond à ces filtres." in no_match
    bad = page(agent_client, f"?social_worker={outsider_profile.user.pk}")
    assert "Cet agent ne fait pas partie de votre CPAS." in bad
    assert "Les filtres ne sont pas valides" in bad
    assert "Bouxin" not in bad
    assert "Choisissez un délai de la liste." in page(agent_client, "?lateness=demain")


def test_an_outsider_sees_none_of_the_other_cpas_decisions(outsider_client, decisions):
    content = page(outsider_client)
    assert "il ne reste aucun formulaire à envoyer" in content
    for name in ("Ablay", "Bouxin", "Croquet", "Fagnoul"):
        assert name not in content


def test_a_notified_decision_is_still_listed_until_its_form_is_sent(agent_client, agent_profile):
    decision = decided(
        agent_profile, "Gathy", received_on=date(2026, 4, 1), session_date=date(2026, 4, 20)
    )
    notify(decision, agent_profile.user, date(2026, 4, 24))
    assert "Gathy" in page(agent_client)


def count_queries(client, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL + query).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(
    agent_client, agent_profile, colleague_profile
):
    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            decision = decided(
                agent_profile,
                f"Nom{n:02d}",
                received_on=date(2026, 3, 1),
                session_date=date(2026, 3, 10),
            )
            if n % 2:
                new_form(decision)

    add(2, 0)
    agent_client.get(URL)  # the session's idle expiry is renewed on the first page
    few = count_queries(agent_client)
    few_filtered = count_queries(agent_client, f"?social_worker={agent_profile.user.pk}")
    add(18, 2)
    assert "20 décisions à déclarer" in page(agent_client)
    assert count_queries(agent_client) == few
    assert count_queries(agent_client, f"?social_worker={agent_profile.user.pk}") == few_filtered


def test_the_list_is_paginated_and_the_pages_keep_the_filter(agent_client, agent_profile):
    dossier = new_dossier(agent_profile, "Houbion")
    dis_request = new_request(dossier, agent_profile.user, date(2026, 1, 5))
    for day in range(1, 28):
        new_decision(dis_request, agent_profile.user, session_date=date(2026, 2, day))
    first = page(agent_client, "?lateness=retard")
    assert "27 décisions à déclarer" in first
    assert "Page 1 sur 2" in first
    assert "?lateness=retard&page=2" in first
    second = page(agent_client, "?lateness=retard&page=2")
    assert len(rows(second)) == 2


def test_the_menu_item_leads_to_the_list(agent_client):
    content = agent_client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in content
    assert "Chercher les dossiers pour lesquels il reste des formulaires à envoyer" in content
