"""Hostile input on every form and list filter of the project (hypothesis).

Each test sends generated values (empty, very long, Unicode, NUL bytes, SQL and HTML fragments,
impossible dates, out-of-range numbers, malformed NISS, repeated keys) and checks with
`hostile.check`: never a 500, the page itself (with its error messages) or a redirect within the
site, and nothing echoed unescaped. The cases are derandomized: CI runs the same ones each time.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from tests.security.hostile import NASTY_STRINGS, SCRIPT, budget, check, has_message, overrides

pytestmark = pytest.mark.django_db

CITIZEN = {
    "first_name": "Louise",
    "last_name": "Delacroix",
    "niss": "",
    "birth_date": "24/03/1997",
    "email": "louise@example.be",
    "phone": "0484567862",
    "street": "Rue de l'Église",
    "house_number": "12",
    "box": "",
    "postal_code": "3717",
    "locality": "Herstappe",
    "nature": "energie",
    "description": "Aide pour le chauffage",
    "lives_at_residence": "oui",
    "is_student": "non",
    "in_facility": "",
}
# The dates of the request list: three boxes each (day, month, year); a whole date in the first.
REQUEST_FILTER = {
    "mode": "demandes",
    "state": "non_lues",
    "date_from": "",
    "date_from_month": "",
    "date_from_year": "",
    "date_to": "",
    "date_to_month": "",
    "date_to_year": "",
}
IDENTIFICATION = {
    "mode": "phonetique",
    "niss": "",
    "last_name": "Delacroix",
    "first_names": "Louise",
    "birth_day": "24",
    "birth_month": "03",
    "birth_year": "1997",
    "tolerance": "0",
    "sex": "",
}
ADDRESS = {
    "street": "Rue Lambert",
    "house_number": "7",
    "box": "",
    "postal_code": "3717",
    "locality": "Herstappe",
    "country": "Belgique",
}


@pytest.fixture
def unthrottled(settings):
    # The citizen form accepts 5 submissions an hour per address; here we want the validation.
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 10**9


@budget(300)
@given(data=overrides(CITIZEN))
@example(data={"niss": "97\x00432405115", "first_name": SCRIPT})
@example(data={"birth_date": "31/02/2024", "postal_code": "\x00\x00\x00\x00"})
@example(data={"birth_date": "00/00/0000", "locality": "x" * 5000})
@example(data={"birth_date": "01/01/0001"})
def test_citizen_form(data, client, cpas, unthrottled):
    response = client.post(reverse("requests_online:citizen_form"), {**CITIZEN, **data})
    content = check(response, allowed=(200, 302))
    if response.status_code == 200:
        assert has_message(content)
    else:
        assert response.url == reverse("requests_online:confirmation")
        check(client.get(response.url))


@budget(300)
@given(data=overrides([*REQUEST_FILTER, "reference", "page", "liste"]))
@example(data={"reference": "\x00", "mode": "reference"})
@example(data={"date_from": "31/02/2024", "date_to": "00/00/0000", "page": "-1"})
@example(data={"date_from": "01/01/0001", "date_to": "31/12/9999"})
@example(data={"date_from": "31", "date_from_month": "02", "date_from_year": "2024"})
@example(data={"date_from": "1", "date_from_month": "1", "date_from_year": "9" * 5000})
@example(data={"date_to": "\x00", "date_to_month": "-1", "date_to_year": "２０２４"})
@example(data={"date_from_month": "07", "date_to_year": SCRIPT})
@example(data={"page": "99999999999999999999999", "state": ["lues", "non_lues"]})
@example(data={"mode": "reference", "reference": " secretref123 ", "liste": SCRIPT})
def test_request_list_filters(data, agent_client, insider_world):
    response = agent_client.get(reverse("requests_online:list"), {**REQUEST_FILTER, **data})
    content = check(response, allowed=(200, 302))
    if response.status_code == 302:
        # Only a search by the insider's own reference opens its request.
        details = reverse("requests_online:details", args=[insider_world["request"].pk])
        assert response.url.startswith(details + "?retour=%2Fdemandes-cpas-online%2F%3F")
        check(agent_client.get(response.url))
    else:
        assert 'name="reference"' in content
        assert 'name="date_from_year"' in content


def test_another_cpas_reference_in_the_request_list_opens_nothing(
    outsider_admin_client, insider_world
):
    response = outsider_admin_client.get(
        reverse("requests_online:list"),
        {**REQUEST_FILTER, "mode": "reference", "reference": insider_world["request"].reference},
    )
    content = check(response)
    assert "Requestinsider" not in content
    assert "Aucune demande ne correspond à votre recherche" in content


@budget(150)
@given(retour=st.one_of(st.sampled_from(NASTY_STRINGS), st.text(max_size=60)))
def test_request_details_and_mark_read_return_parameter(retour, agent_client, insider_world):
    request = insider_world["request"]
    details = reverse("requests_online:details", args=[request.pk])
    content = check(agent_client.get(details, {"retour": retour}))
    assert 'href="/demandes-cpas-online/' in content
    for name in ("mark_read", "mark_unread"):
        url = reverse(f"requests_online:{name}", args=[request.pk])
        response = agent_client.post(url, {"retour": retour})
        check(response, allowed=(302,))
        assert response.url.startswith(details + "?retour=%2Fdemandes-cpas-online%2F")


@budget(350)
@given(data=overrides([*IDENTIFICATION, "demande"]))
@example(data={"mode": "niss", "niss": "97\x00432405115"})
@example(data={"birth_day": "31", "birth_month": "02", "birth_year": "2024"})
@example(data={"birth_day": "00", "birth_month": "00", "birth_year": "0000"})
@example(data={"birth_day": "31", "birth_month": "12", "birth_year": "9999"})
@example(data={"tolerance": "-1", "sex": "\x00"})
@example(data={"tolerance": "99999999999999999999", "demande": "99999999999999999999"})
@example(data={"mode": "niss", "niss": "974324 051 16"})
def test_identification_form(data, agent_client, insider_world):
    response = agent_client.get(reverse("dossiers:identify"), {**IDENTIFICATION, **data})
    content = check(response, allowed=(200, 404))
    if response.status_code == 200:
        assert 'name="birth_day"' in content


@budget(200)
@given(
    data=overrides([*ADDRESS, "copy"]), demande=st.one_of(st.none(), st.sampled_from(NASTY_STRINGS))
)
@example(data={"street": SCRIPT, "locality": "\x00"}, demande=None)
@example(data={"postal_code": "\x00", "country": "x" * 5000}, demande="1\x00")
def test_person_details_post(data, demande, agent_client, insider_world):
    from tests.factories import PersonFactory

    person = PersonFactory(last_name="Hostile", first_names="Test")
    url = reverse("dossiers:person", args=[person.pk])
    if demande is not None:
        url += "?" + urlencode({"demande": demande})
    response = agent_client.post(url, {**ADDRESS, **data}, follow=True)
    # 200: the form with its messages, or (redirected) the new dossier's page showing the
    # address typed; 404: `?demande=` that is no request of this CPAS.
    check(response, allowed=(200, 404))


@budget(200)
@given(
    q=st.one_of(st.sampled_from(NASTY_STRINGS), st.text(max_size=150)),
    page=st.one_of(st.none(), st.sampled_from(NASTY_STRINGS)),
)
@example(q="\x00", page="1")
@example(q="%", page="-1")
def test_dossier_search(q, page, agent_client, insider_world):
    params = {"q": q} if page is None else {"q": q, "page": page}
    content = check(agent_client.get(reverse("dossiers:search"), params))
    assert 'name="q"' in content


@budget(100)
@given(data=overrides(["page"]))
def test_dossier_list_pages(data, agent_client, insider_world):
    check(agent_client.get(reverse("dossiers:list"), data))


@budget(250)
@given(data=overrides(["agent", "niss", "date_from", "date_to", "page"]))
@example(data={"agent": "\x00", "niss": "\x00", "date_from": "\x00"})
@example(data={"agent": "99999999999999999999999", "date_from": "31/02/2024"})
@example(data={"agent": "-1", "date_to": "00/00/0000", "page": "abc"})
@example(data={"date_from": "01/01/0001", "date_to": "31/12/9999"})
@example(data={"date_from": "0001-01-01"})
def test_access_log_filters(data, cpas_admin_client, insider_world):
    content = check(cpas_admin_client.get(reverse("accesslog:access_log"), data))
    assert 'name="niss"' in content


@budget(150)
@given(data=overrides(["username", "password"]))
@example(data={"username": "agent\x00", "password": "x"})
@example(data={"username": SCRIPT, "password": "\x00"})
def test_login_form(data, agent_profile):
    response = Client().post(reverse("login"), data)
    # 429: django-axes locks a username after repeated failures, with its message.
    content = check(response, allowed=(200, 429))
    assert has_message(content)


@budget(100)
@given(
    profile=st.one_of(
        st.sampled_from(NASTY_STRINGS),
        st.lists(st.sampled_from(NASTY_STRINGS), min_size=2, max_size=2),
    )
)
def test_role_selection(profile, agent_profile, outsider_profile):
    client = Client()
    client.force_login(agent_profile.user)
    response = client.post(reverse("select_role"), {"profile": profile})
    # A profile that is not the user's is a 404 page with a message; theirs goes home.
    content = check(response, allowed=(302, 404))
    if response.status_code == 302:
        assert response.url == reverse("home")
    else:
        assert "introuvable" in content.lower()


@budget(150)
@given(data=overrides(["first_name", "last_name", "description", "street", "locality"]))
def test_stored_hostile_values_are_escaped_on_the_agent_pages(data, agent_client, cpas):
    """What a citizen typed is rendered escaped on the list and details pages."""
    from requests_online.models import OnlineRequest
    from tests.factories import OnlineRequestFactory

    fields = {k: v if isinstance(v, str) else v[0] for k, v in data.items() if k != "unexpected"}
    # As the form keeps them: no NUL byte (refused), within the column's length.
    fields = {
        k: v.replace("\x00", "")[: OnlineRequest._meta.get_field(k).max_length or 4000]
        for k, v in fields.items()
    }
    fields.setdefault("first_name", SCRIPT)
    request = OnlineRequestFactory(cpas=cpas, **fields)
    check(agent_client.get(reverse("requests_online:list")))
    check(agent_client.get(reverse("requests_online:details", args=[request.pk])))
