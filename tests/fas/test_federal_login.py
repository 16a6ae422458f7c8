"""The federal login against a real OpenID Connect provider (tests/fas/provider/server.mjs):
an agent registered beforehand logs in with the eID button, the provider's answers are
checked (issuer, audience, signature, level, JWT userinfo, egovNRN), and every way it can go
wrong ends on a clear page without a session."""

from __future__ import annotations

import time
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client

from primaweb.fas.config import LEVEL_EID, LEVEL_ITSME, LEVEL_PREFIX, LEVEL_SECURITY_CODE
from primaweb.fas.views import ID_TOKEN_SESSION_KEY, LEVEL_SESSION_KEY
from primaweb.middleware import SESSION_KEY
from tests.fas.conftest import AGENT_NRN, OTHER_NRN, authenticated_sessions

pytestmark = pytest.mark.django_db

NO_ACCESS = "Vous n'avez pas accès à Prima-web : contactez le gestionnaire d'accès de votre CPAS"
NOT_VERIFIED = "n'a pas pu être vérifiée"
PROVIDER_DOWN = "Le service d'authentification fédéral ne répond pas, réessayez plus tard"


def refused(response, status: int, text: str):
    """The refusal page: its status, its sentence, a way back, and no session at all."""
    body = unescape(response.content.decode())
    assert response.status_code == status, body[:800]
    assert "Connexion impossible" in body
    assert text in body, body[:800]
    assert "Retour à la page de connexion" in body
    assert response["X-Request-ID"] in body  # the reference an agent can quote
    assert authenticated_sessions() == []
    return body


def test_the_login_page_shows_the_buttons_of_the_accepted_levels(client, fas):
    page = client.get("/connexion/").content.decode()
    assert 'name="moyen" value="eid"' in page and 'name="moyen" value="itsme"' in page
    assert 'value="code"' not in page  # Level400 is not accepted by default
    assert "IDENTIFICATION avec un code de sécurité via une application mobile" in page
    assert "non disponible" in page


def test_each_button_asks_the_provider_for_its_own_level_with_pkce(client, fas):
    for means, level in (("eid", LEVEL_EID), ("itsme", LEVEL_ITSME)):
        url = fas.start(client, means)
        query = parse_qs(urlsplit(url).query)
        assert url.startswith(fas.issuer + "/authorize?")
        assert query["acr_values"] == [level]
        assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
        assert query["nonce"] and query["state"]
        assert query["scope"] == ["openid profile egovnrn certificateInfo roles enterprise"]
        assert query["redirect_uri"] == ["http://testserver/connexion/fas/retour/"]


def test_a_means_whose_level_is_not_accepted_cannot_be_started(client, fas):
    response = client.get("/connexion/fas/", {"moyen": "code"})
    refused(response, 400, "Ce moyen d'identification n'est pas accepté pour Prima-web")


def test_a_registered_agent_logs_in_with_eid_and_reaches_role_selection(
    client, fas, registered_agent
):
    response = fas.login(client)
    assert response.status_code == 302
    assert response.url == "/role/"
    assert int(client.session["_auth_user_id"]) == registered_agent.user.pk
    assert client.session[LEVEL_SESSION_KEY] == LEVEL_EID
    assert client.session[ID_TOKEN_SESSION_KEY].count(".") == 2
    page = client.get("/role/").content.decode()
    assert "Veuillez sélectionner votre rôle" in page
    client.post("/role/", {"profile": registered_agent.pk})
    assert client.session[SESSION_KEY] == registered_agent.pk
    assert client.get("/").status_code == 200


def test_itsme_logs_in_too(client, fas, registered_agent):
    response = fas.login(client, means="itsme")
    assert response.url == "/role/"
    assert client.session[LEVEL_SESSION_KEY] == LEVEL_ITSME


def test_level_200_is_refused_even_when_the_setting_lists_it(client, fas, registered_agent):
    fas.settings.FAS_ACCEPTED_LEVELS = [LEVEL_EID, f"{LEVEL_PREFIX}200"]
    response = fas.login(client, level=f"{LEVEL_PREFIX}200")
    refused(response, 403, "n'est pas assez sûr pour Prima-web")


def test_a_level_the_setting_does_not_list_is_refused(client, fas, registered_agent):
    response = fas.login(client, level=LEVEL_SECURITY_CODE)
    refused(response, 403, "n'est pas assez sûr pour Prima-web")


def test_the_security_code_is_accepted_when_the_setting_lists_it(client, fas, registered_agent):
    fas.settings.FAS_ACCEPTED_LEVELS = [LEVEL_EID, LEVEL_SECURITY_CODE]
    assert fas.login(client, means="code").url == "/role/"
    assert client.session[LEVEL_SESSION_KEY] == LEVEL_SECURITY_CODE


def test_an_unknown_national_number_gets_the_no_access_page_and_no_account(
    client, fas, registered_agent
):
    users = User.objects.count()
    response = fas.login(client, nrn=OTHER_NRN)
    refused(response, 403, NO_ACCESS)
    assert User.objects.count() == users


def test_an_inactive_agent_gets_the_no_access_page(client, fas, registered_agent):
    User.objects.filter(pk=registered_agent.user_id).update(is_active=False)
    refused(fas.login(client), 403, NO_ACCESS)


@pytest.mark.parametrize("mode", ["bad-signature", "wrong-audience", "wrong-issuer"])
def test_a_tampered_id_token_is_refused(client, fas, registered_agent, mode):
    fas.mode(mode)
    refused(fas.login(client), 403, NOT_VERIFIED)


@pytest.mark.parametrize("mode", ["userinfo-not-jwt", "userinfo-json"])
def test_a_userinfo_that_is_not_a_signed_jwt_is_refused(client, fas, registered_agent, mode):
    fas.mode(mode)
    refused(fas.login(client), 403, "Les données d'identité reçues")


def test_an_egovnrn_failing_the_niss_check_is_refused(client, fas, registered_agent):
    fas.reset(accounts={AGENT_NRN: {"egovNRN": "85073003329"}})
    refused(fas.login(client), 403, "numéro de registre national reçu")


def test_a_state_the_session_does_not_know_is_refused(client, fas, registered_agent):
    back = fas.authenticate(fas.start(client), AGENT_NRN)
    parts = urlsplit(back)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    response = client.get(parts.path, {**query, "state": "autre-etat"})
    refused(response, 400, "Cette connexion a expiré ou a été commencée dans une autre fenêtre")


def test_a_callback_in_another_browser_is_refused(client, fas, registered_agent):
    back = fas.authenticate(fas.start(client), AGENT_NRN)
    refused(fas.callback(Client(), back), 400, "Cette connexion a expiré")


def test_a_nonce_mismatch_is_refused(client, fas, registered_agent):
    back = fas.authenticate(fas.start(client), AGENT_NRN)
    session = client.session
    for entry in session["oidc_states"].values():
        entry["nonce"] = "un-autre-nonce"
    session.save()
    refused(fas.callback(client, back), 400, "Cette connexion a expiré")


def test_an_expired_code_is_refused(client, fas, registered_agent):
    fas.reset(code_ttl=1)
    back = fas.authenticate(fas.start(client), AGENT_NRN)
    time.sleep(2.5)
    refused(fas.callback(client, back), 400, "Le code de connexion a expiré ou a déjà été utilisé")


def test_a_code_used_twice_is_refused_the_second_time(client, fas, registered_agent):
    start = fas.start(client)
    state = client.session["oidc_states"]
    back = fas.authenticate(start, AGENT_NRN)
    assert fas.callback(client, back).url == "/role/"
    other = Client()
    session = other.session
    session["oidc_states"] = state  # an attacker replaying the same answer with its state
    session.save()
    response = fas.callback(other, back)
    assert response.status_code == 400
    assert "Le code de connexion a expiré ou a déjà été utilisé" in unescape(
        response.content.decode()
    )


def test_a_provider_answering_503_gets_the_provider_down_page(client, fas, registered_agent):
    fas.mode("down")
    refused(fas.login(client), 503, PROVIDER_DOWN)


def test_an_unreachable_provider_gets_the_provider_down_page(client, fas, registered_agent):
    back = fas.authenticate(fas.start(client), AGENT_NRN)
    fas.settings.FAS_ISSUER = "http://127.0.0.1:9/fas/oauth2"  # discard port: nothing listens
    refused(fas.callback(client, back), 503, PROVIDER_DOWN)


def test_a_login_cancelled_at_the_provider_gets_a_clear_page(client, fas):
    fas.start(client)
    state = next(iter(client.session["oidc_states"]))
    response = client.get("/connexion/fas/retour/", {"error": "access_denied", "state": state})
    refused(response, 400, "L'identification a été interrompue")
    assert "oidc_states" not in client.session


def test_logout_ends_the_provider_session_too(client, fas, registered_agent):
    fas.login(client)
    id_token = client.session[ID_TOKEN_SESSION_KEY]
    response = client.post("/deconnexion/")
    assert response.status_code == 302
    end_session = urlsplit(response.url)
    query = parse_qs(end_session.query)
    assert response.url.startswith(fas.issuer + "/connect/endSession?")
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/connexion/"]
    assert authenticated_sessions() == []
    back = fas.end_session(response.url)
    assert back.headers["location"] == "http://testserver/connexion/"
    # The provider forgot the person: a new login asks for the identity again.
    page = fas.follow(fas.start(client))
    assert page.status_code == 200 and 'name="nrn"' in page.text


def test_a_password_session_logs_out_without_the_provider(agent_client, fas):
    response = agent_client.post("/deconnexion/")
    assert response.url == "/connexion/"


def test_the_provider_roles_become_the_agents_profiles(
    client, fas, registered_agent, cpas, other_cpas
):
    fas.reset(
        accounts={
            AGENT_NRN: {
                "roles": ["admin_cpas", f"agent_social:{other_cpas.bce_number}", "inconnu"],
                "enterprise": cpas.bce_number,
            }
        }
    )
    assert fas.login(client).url == "/role/"
    profiles = {(p.cpas.name, p.role) for p in registered_agent.user.profiles.all()}
    assert profiles == {(cpas.name, "admin_cpas"), (other_cpas.name, "agent_social")}


def test_without_roles_the_local_profiles_stay(client, fas, registered_agent):
    assert fas.login(client).url == "/role/"
    assert list(registered_agent.user.profiles.all()) == [registered_agent]
