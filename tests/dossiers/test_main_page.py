""" "Page principale du dossier"."""

import html

import pytest
from django.urls import reverse

from accesslog.models import AccessAction, AccessLogEntry
from registry.models import HouseholdMember
from tests.factories import OnlineRequestFactory, PersonFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_shows_identity_addresses_household_and_creation(agent_client, make_dossier, louise):
    dossier = make_dossier(louise)
    content = text(agent_client.get(dossier.get_absolute_url()))
    assert "Page principale du dossier" in content
    assert f"Dossier n° {dossier.number}" in content
    for value in ("974324 051 15", "24/03/1997", "Delacroix", "Louise Marie", "Féminin"):
        assert value in content, value
    assert "Adresse(s) légale(s)" in content and "Rue de l'Église" in content
    assert "Adresse de résidence effective" in content and "Rue Lambert" in content
    assert "Composition de ménage" in content
    assert "Chef de ménage" in content and "Conjoint(e)" in content
    assert "Martin" in content and "02/01/1995" in content
    assert dossier.created_by.get_full_name() in content
    assert "Demande d'origine :" in content


def test_it_links_the_origin_request(agent_client, make_dossier, louise, cpas):
    request = OnlineRequestFactory(cpas=cpas)
    dossier = make_dossier(louise, origin=request)
    content = agent_client.get(dossier.get_absolute_url()).content.decode()
    assert request.reference in content
    assert f'href="{reverse("requests_online:details", args=[request.pk])}"' in content


def test_other_cpas_dossiers_are_named_without_details(
    agent_client, make_dossier, louise, other_cpas, outsider_profile
):
    mine = make_dossier(louise)
    theirs = make_dossier(louise, cpas=other_cpas, user=outsider_profile.user)
    content = text(agent_client.get(mine.get_absolute_url()))
    assert "Dossier existant au CPAS de Liège" in content
    assert theirs.get_absolute_url() not in content
    assert outsider_profile.user.get_full_name() not in content


def test_viewing_the_main_page_logs_a_consultation_from_the_dossier(
    agent_client, make_dossier, louise
):
    dossier = make_dossier(louise)
    agent_client.get(dossier.get_absolute_url())
    entry = AccessLogEntry.objects.filter(action=AccessAction.DOSSIER_PAGE).get()
    assert entry.dossier_pk == dossier.pk
    assert entry.dossier_number == dossier.number
    assert entry.niss == louise.niss


def test_the_page_is_printable_without_the_navigation(agent_client, make_dossier, louise):
    dossier = make_dossier(louise)
    content = agent_client.get(dossier.get_absolute_url()).content.decode()
    assert 'media="print"' in content
    assert 'class="form-actions"' in content  # hidden by print.css


def test_an_outsider_gets_a_404_on_every_dossier_page(outsider_client, make_dossier, louise):
    dossier = make_dossier(louise)
    assert outsider_client.get(dossier.get_absolute_url()).status_code == 404
    assert dossier.number not in outsider_client.get(reverse("dossiers:list")).content.decode()
    search = outsider_client.get(reverse("dossiers:search"), {"q": dossier.number})
    assert dossier.get_absolute_url() not in search.content.decode()
    assert "Aucun dossier trouvé." in search.content.decode()
    assert AccessLogEntry.objects.filter(action=AccessAction.DOSSIER_PAGE).count() == 0


def test_a_colleague_of_the_same_cpas_sees_the_dossier(colleague_client, make_dossier, louise):
    dossier = make_dossier(louise)
    response = colleague_client.get(dossier.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Dossier n° {dossier.number}" in content
    assert "974324 051 15" in content


@pytest.mark.parametrize("pk", ["0", "424242", "9" * 30])
def test_an_unknown_dossier_is_a_404(agent_client, pk):
    assert agent_client.get(f"/dossiers/{pk}/").status_code == 404


def test_the_main_page_runs_a_fixed_number_of_queries(
    agent_client, make_dossier, louise, django_assert_num_queries
):
    """3 for every page (session, user, profile) + the dossier (with person, addresses,
    creator, request), the household, the other CPAS, the access-log insert, and the sections
    of higher apps (dossiers/panels.py): the DIS requests (1), the decisions (2: the decisions
    with their notifications, the requests still without a decision), the forms B and C (1
    without a decision)."""
    dossier = make_dossier(louise)
    agent_client.get(reverse("home"))
    with django_assert_num_queries(11):
        agent_client.get(dossier.get_absolute_url())
    household = louise.household_membership.household
    for n in range(5):
        HouseholdMember.objects.create(
            household=household, person=PersonFactory(first_names=f"Enfant{n}"), role="enfant"
        )
    with django_assert_num_queries(11):
        response = agent_client.get(dossier.get_absolute_url())
    assert "Enfant4" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "column", "head"),
    [
        ("fr", "Rôle", "Chef de ménage"),
        ("nl", "Plaats in het gezin", "Referentiepersoon"),
        ("de", "Stellung im Haushalt", "Bezugsperson"),
    ],
)
def test_the_household_column_is_the_place_in_the_household_not_a_role(
    agent_client, make_dossier, louise, language, column, head
):
    """« Rôle » of the household (context « ménage ») is not the user's role (nl rol, de Rolle)."""
    dossier = make_dossier(louise)
    agent_client.cookies["django_language"] = language
    content = text(agent_client.get(dossier.get_absolute_url()))
    assert f'<th scope="col">{column}</th>' in content
    assert f"<td>{head}</td>" in content
