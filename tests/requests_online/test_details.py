import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from registry.models import Register
from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db


def details_url(obj, **query):
    url = reverse("requests_online:details", args=[obj.pk])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def row(content: str, label: str) -> str:
    """The text of the <dd> that follows the <dt> with this label."""
    match = re.search(
        "(?:" + re.escape(label) + "|" + re.escape(escape(label)) + r")</dt>\s*<dd[^>]*>(.*?)</dd>",
        content,
        re.S,
    )
    assert match, label
    return unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()


@pytest.fixture
def manual_request(cpas):
    """The manual's example request."""
    return OnlineRequestFactory(
        cpas=cpas,
        reference="2A90072YKMHZ",
        submitted_on=date(2024, 7, 24),
        first_name="Louise",
        last_name="Delacroix",
        email="Louise@hotmail.be",
        phone="0484567862",
        street="",
        house_number="",
        postal_code="3717",
        locality="Herstappe",
        nature="energie",
        description="Test",
        lives_at_residence="oui",
        is_student="",
        in_facility="",
    )


def test_it_shows_the_manual_s_sections_and_labels(agent_client, manual_request):
    response = agent_client.get(details_url(manual_request))
    assert response.status_code == 200
    content = response.content.decode()
    assert "CPAS Online - détails d'une demande" in content
    assert row(content, "Référence :") == "2A90072YKMHZ"
    assert row(content, "Date de soumission :") == "24/07/2024"
    for section in ["Identification", "Demande", "Situation"]:
        assert f">{section}</h2>" in content
    assert row(content, "Adresse e-mail :") == "Louise@hotmail.be"
    assert row(content, "Numéro de téléphone :") == "0484567862"
    assert "Herstappe" in row(content, "Adresse de résidence :")
    assert row(content, "Nature de la demande :") == (
        "aide financière frais d'énergie (électricité, gaz, mazout)"
    )
    assert row(content, "Description du demandeur :") == "Test"
    assert row(content, "Vit à son adresse de résidence :") == "OUI"
    assert row(content, "Est étudiant :") == "/"
    assert row(content, "Séjourne dans un lieu d'accueil, de placement ou de soins :") == "/"
    assert "Le CPAS a été déterminé sur base de l'adresse de résidence du demandeur." in content
    assert "La demande n'a pas encore été marquée comme lue" in content
    for button in ["Retour", "Marquer comme lu", "Créer un dossier"]:
        assert button in content


def test_applicant_data_is_marked_with_two_stars_and_unknowns_with_a_slash(
    agent_client, manual_request
):
    content = agent_client.get(details_url(manual_request)).content.decode()
    assert row(content, "Prénom :") == "Louise **"
    assert row(content, "Nom :") == "Delacroix **"
    assert row(content, "Date de naissance :") == "/"
    assert row(content, "NISS :") == "/"
    assert row(content, "Registre d'inscription :") == "/"
    assert row(content, "Adresse de référence :") == "/"
    assert "* donnée obtenue des registres au moment de la demande" in content
    assert "** donnée fournie par le demandeur" in content


def test_registry_data_is_marked_with_one_star(agent_client, cpas):
    obj = OnlineRequestFactory(
        cpas=cpas,
        niss="80061512345",
        birth_date=date(1980, 6, 16),
        registry_niss="80061512345",
        registry_birth_date="15/06/1980",
        registry_register=Register.POPULATION,
        registry_reference_address="Rue de l'Église 12, 3717 Herstappe",
    )
    content = agent_client.get(details_url(obj)).content.decode()
    assert row(content, "Date de naissance :") == "15/06/1980 *"
    assert row(content, "NISS :") == "800615 123 45 *"
    assert row(content, "Registre d'inscription :") == "Registre de population *"
    assert row(content, "Adresse de référence :") == "Rue de l'Église 12, 3717 Herstappe *"
    assert row(content, "Prénom :").endswith("**")


def test_a_niss_and_birth_date_given_but_not_found_are_marked_as_the_applicant_s(
    agent_client, cpas
):
    obj = OnlineRequestFactory(cpas=cpas, niss="80061512345", birth_date=date(1980, 6, 15))
    content = agent_client.get(details_url(obj)).content.decode()
    assert row(content, "Date de naissance :") == "15/06/1980 **"
    assert row(content, "NISS :") == "800615 123 45 **"
    assert row(content, "Registre d'inscription :") == "/"


def test_opening_the_details_does_not_mark_the_request_read(agent_client, online_request):
    agent_client.get(details_url(online_request))
    online_request.refresh_from_db()
    assert online_request.read_at is None


def test_the_status_line_says_who_read_it_and_when(agent_client, online_request, agent_profile):
    user = agent_profile.user
    user.first_name, user.last_name = "Sophie", "Lambert"
    user.save()
    moment = timezone.make_aware(timezone.datetime(2024, 7, 25, 14, 5))
    online_request.read_at, online_request.read_by = moment, user
    online_request.save()
    content = agent_client.get(details_url(online_request)).content.decode()
    assert "Marquée comme lue le 25/07/2024 à 14:05 par Sophie Lambert" in content
    assert "Marquer comme non lu" in content


def test_retour_goes_back_to_the_list_with_its_filter_and_page(agent_client, online_request):
    back = reverse("requests_online:list") + "?mode=demandes&state=lues&page=2"
    response = agent_client.get(details_url(online_request, retour=back))
    assert response.context["return_url"] == back
    assert 'href="/demandes-cpas-online/?mode=demandes&amp;state=lues&amp;page=2"' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "retour", ["https://evil.example/", "//evil.example/", "/admin/", "javascript:alert(1)"]
)
def test_retour_never_leads_outside_the_list(agent_client, online_request, retour):
    response = agent_client.get(details_url(online_request, retour=retour))
    assert response.context["return_url"] == reverse("requests_online:list")


def test_create_dossier_is_offered_until_a_dossier_exists(agent_client, online_request):
    content = agent_client.get(details_url(online_request)).content.decode()
    assert "Créer un dossier" in content


def test_the_details_page_has_a_print_stylesheet(agent_client, online_request):
    content = agent_client.get(details_url(online_request)).content.decode()
    assert 'media="print"' in content
    assert 'class="form-actions' in content  # hidden when printing


def test_once_a_dossier_exists_the_details_link_to_it_instead_of_creating_one(
    agent_client, online_request, monkeypatch
):
    from types import SimpleNamespace

    from requests_online import views

    dossier = SimpleNamespace(pk=7, get_absolute_url=lambda: "/dossiers/7/")
    monkeypatch.setattr(views, "dossier_of", lambda obj: dossier)
    content = agent_client.get(details_url(online_request)).content.decode()
    assert 'href="/dossiers/7/"' in content
    assert "Voir le dossier" in content
    assert ">Créer un dossier<" not in content
