"""The whole flow through the client, from the menu and from a CPAS Online request."""

import html
from datetime import date
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from tests.dossiers.conftest import ADDRESS_FORM
from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db

IDENTIFY = reverse("dossiers:identify")


def text(response) -> str:
    return html.unescape(response.content.decode())


def details_url(response, person) -> str:
    """The "Détails" link of `person` in a result list, as the page gives it."""
    content = text(response)
    start = content.index(f'href="{reverse("dossiers:person", args=[person.pk])}?')
    return content[start + len('href="') : content.index('"', start + len('href="'))]


def test_from_the_menu_by_phonetic_search_to_the_main_page(agent_client, louise):
    home = agent_client.get(reverse("home")).content.decode()
    assert f'href="{IDENTIFY}"' in home
    criteria = {
        "mode": "phonetique",
        "last_name": "Delacroix",
        "birth_day": "00",
        "birth_month": "00",
        "birth_year": "1996",
        "tolerance": "1",
    }
    results = agent_client.get(IDENTIFY, criteria)
    url = details_url(results, louise)
    assert urlencode(criteria) in url
    details = agent_client.get(url)
    assert "Données de la personne" in text(details)
    copied = agent_client.post(url, {"copy": "1"})
    data = {name: copied.context["form"][name].value() for name in ADDRESS_FORM}
    created = agent_client.post(url, {**data, "create": "1"}, follow=True)
    dossier = Dossier.objects.get()
    assert created.redirect_chain[-1][0] == dossier.get_absolute_url()
    assert "Page principale du dossier" in text(created)
    assert dossier.street == "Rue de l'Église" and dossier.house_number == "12"
    assert dossier.origin_request is None


def test_from_a_request_with_niss_to_the_main_page_and_back(agent_client, cpas, louise):
    request = OnlineRequestFactory(cpas=cpas, niss="97432405115", last_name="Delacroix")
    start = agent_client.get(reverse("dossiers:create_from_request", args=[request.pk]))
    assert start.status_code == 302
    assert start.url == f"{IDENTIFY}?demande={request.pk}"
    form_page = agent_client.get(start.url)
    assert 'value="97432405115"' in form_page.content.decode()
    results = agent_client.get(
        IDENTIFY, {"demande": request.pk, "mode": "niss", "niss": "97432405115"}
    )
    url = details_url(results, louise)
    assert f"demande={request.pk}" in url
    details = agent_client.get(url)
    assert request.reference in text(details)
    created = agent_client.post(url, {**ADDRESS_FORM, "create": "1"}, follow=True)
    dossier = Dossier.objects.get()
    assert dossier.origin_request == request
    request.refresh_from_db()
    assert request.dossier == dossier
    assert request.reference in text(created)
    # Doing it again offers the existing dossier instead.
    again = agent_client.get(
        reverse("dossiers:create_from_request", args=[request.pk]), follow=True
    )
    assert "Un dossier a déjà été créé à partir de cette demande" in text(again)
    assert dossier.get_absolute_url() in text(again)
    details_again = agent_client.get(url)
    assert "Un dossier existe déjà pour cette personne" in text(details_again)
    assert "Créer le dossier" not in text(details_again)


def test_from_a_request_without_niss_by_name_and_birth_date(agent_client, cpas, louise):
    request = OnlineRequestFactory(
        cpas=cpas,
        niss="",
        last_name="Delacroix",
        first_name="Louise",
        birth_date=date(1997, 3, 24),
    )
    page = agent_client.get(reverse("dossiers:create_from_request", args=[request.pk]), follow=True)
    form = page.context["form"]
    assert form.initial["last_name"] == "Delacroix"
    assert (form.initial["birth_day"], form.initial["birth_month"], form.initial["birth_year"]) == (
        "24",
        "03",
        "1997",
    )
    # The agent submits the pre-filled form as it is.
    criteria = dict(form.initial)
    results = agent_client.get(IDENTIFY, {"demande": request.pk, **criteria})
    assert "974324 051 15" in text(results)


def test_the_request_s_registry_data_is_preferred_for_the_prefill(agent_client, cpas):
    request = OnlineRequestFactory(cpas=cpas, niss="", registry_niss="97432405115")
    page = agent_client.get(reverse("dossiers:create_from_request", args=[request.pk]), follow=True)
    assert page.context["form"].initial["niss"] == "97432405115"


def test_another_cpas_s_request_cannot_start_the_flow(agent_client, other_cpas):
    foreign = OnlineRequestFactory(cpas=other_cpas)
    url = reverse("dossiers:create_from_request", args=[foreign.pk])
    assert agent_client.get(url).status_code == 404


def test_an_unknown_request_is_a_404(agent_client):
    url = reverse("dossiers:create_from_request", args=[987654])
    assert agent_client.get(url).status_code == 404


def test_a_dossier_cannot_be_created_by_get(agent_client, louise):
    url = reverse("dossiers:person", args=[louise.pk])
    agent_client.get(url, {**ADDRESS_FORM, "create": "1"})
    assert Dossier.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client, louise):
    for url in (
        IDENTIFY,
        reverse("dossiers:person", args=[louise.pk]),
        reverse("dossiers:list"),
        reverse("dossiers:search"),
        reverse("accesslog:access_log"),
        reverse("dossiers:create_from_request", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_user_without_selected_profile_is_sent_to_role_selection(client, agent_profile):
    client.force_login(agent_profile.user)
    response = client.get(IDENTIFY)
    assert response.status_code == 302
    assert response.url == reverse("select_role")


def test_a_post_without_csrf_token_is_refused(agent_profile, louise):
    from django.test import Client

    from tests.conftest import login_with_profile

    strict = login_with_profile(Client(enforce_csrf_checks=True), agent_profile)
    url = reverse("dossiers:person", args=[louise.pk])
    assert strict.post(url, {**ADDRESS_FORM, "create": "1"}).status_code == 403
    assert Dossier.objects.count() == 0
