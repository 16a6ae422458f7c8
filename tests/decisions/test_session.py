"""« Séance du Conseil » (decisions:session): the proposals of one session date and organ of
the agent's CPAS, each with its decision or the link to record it."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from decisions.models import Organ
from dossiers.services import dossier_create
from instruction.services import request_create
from tests.decisions.builders import make_proposal, record
from tests.decisions.conftest import ADDRESS
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("decisions:session")
SESSION = {"session_date": "20/02/2025", "organ": "conseil"}


def page(client, **query) -> str:
    """The HTML, its spaces collapsed (links and words both checked)."""
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(client.get(URL, query).content.decode()))


def another_request(profile, last_name: str):
    person = PersonFactory(last_name=last_name, first_names="Alex", birth_year=1985)
    dossier = dossier_create(
        cpas=profile.cpas,
        person=person,
        address=ADDRESS,
        created_by=profile.user,
        role=profile.role,
    )
    return request_create(
        dossier=dossier,
        received_on=date(2025, 2, 3),
        mode="ecrite",
        object="ri",
        created_by=profile.user,
    )


def test_the_session_lists_its_proposals_with_their_decision_or_the_link_to_record_it(
    agent_client, agent_profile, dis_request, proposal
):
    other = make_proposal(another_request(agent_profile, "Lambert"), agent_profile.user)
    decided = record(other, agent_profile.user)
    body = page(agent_client, **SESSION)
    assert "Propositions de la séance du 20/02/2025 — Conseil de l'action sociale" in body
    assert dis_request.dossier.number in body and "Dubois Camille" in body
    assert "589,05\u00a0€" in body and "01/02/2025" in body
    assert reverse("decisions:decide", args=[proposal.pk]) in body
    assert "Enregistrer la décision" in body
    assert "Octroi (décidé)" in body
    assert decided.get_absolute_url() in body
    assert reverse("decisions:decide", args=[other.pk]) not in body
    # The latest sessions, with their counts.
    assert "20/02/2025</a> — Conseil de l'action sociale : 2 propositions, 1 décision" in body


def test_another_date_or_organ_shows_its_own_empty_state(
    agent_client, agent_profile, dis_request, proposal
):
    committee = make_proposal(
        another_request(agent_profile, "Lambert"), agent_profile.user, organ=Organ.COMMITTEE
    )
    council_only = page(agent_client, **SESSION)
    assert "Lambert" not in council_only
    both = page(agent_client, session_date="20/02/2025")
    assert "Dubois Camille" in both and "Lambert Alex" in both
    assert reverse("decisions:decide", args=[committee.pk]) in both
    empty = page(agent_client, session_date="21/02/2025", organ="conseil")
    assert "Aucune proposition pour cette séance." in empty
    assert dis_request.dossier.number not in empty.split("Dernières séances")[0]


def test_the_empty_states_say_what_to_do(agent_client):
    assert "Choisissez la date de la séance pour afficher ses propositions." in page(agent_client)
    assert "Aucune proposition n'a encore été faite au Conseil." in page(agent_client)
    bad = page(agent_client, session_date="31/02/2025")
    assert "Saisissez une date valide." in bad
    assert "Corrigez la date ou l'organe de la séance pour afficher ses propositions." in bad
    organ = page(agent_client, session_date="20/02/2025", organ="college")
    assert "Sélectionnez un choix valide." in organ
    far = page(agent_client, session_date="01/01/2200")
    assert "L'année doit être comprise entre 1900 et 2100." in far


def test_the_session_page_runs_a_fixed_number_of_queries(
    agent_client, agent_profile, dis_request, proposal, django_assert_num_queries
):
    """3 for every page (session, user, profile), the count of the page, its proposals (with
    request, dossier and decision), the latest sessions."""
    agent_client.get(reverse("home"))
    with django_assert_num_queries(6):
        agent_client.get(URL, SESSION)
    for n in range(6):
        extra = make_proposal(another_request(agent_profile, f"Nom{n}"), agent_profile.user)
        if n % 2:
            record(extra, agent_profile.user)
    with django_assert_num_queries(6):
        body = agent_client.get(URL, SESSION).content.decode()
    assert "Nom5" in body
    with django_assert_num_queries(4):
        agent_client.get(URL)


def test_a_colleague_sees_the_session_and_an_outsider_sees_nothing_of_it(
    colleague_client, outsider_client, dis_request, proposal
):
    assert dis_request.dossier.number in page(colleague_client, **SESSION)
    outsider = page(outsider_client, **SESSION)
    assert dis_request.dossier.number not in outsider and "Dubois" not in outsider
    assert "Aucune proposition pour cette séance." in outsider
    assert "Aucune proposition n'a encore été faite au Conseil." in outsider


def test_the_dossier_page_and_the_request_page_link_the_session(agent_client, dis_request):
    assert URL in agent_client.get(dis_request.dossier.get_absolute_url()).content.decode()
    assert URL in agent_client.get(dis_request.get_absolute_url()).content.decode()
