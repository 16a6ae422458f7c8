"""Step 3–4: the person's details, the effective address (copy with and without JS), creation."""

import html
import re

import pytest
from django.urls import reverse

from accesslog.models import AccessAction, AccessLogEntry
from dossiers.models import Dossier
from tests.dossiers.conftest import ADDRESS_FORM
from tests.factories import OnlineRequestFactory, PersonFactory

pytestmark = pytest.mark.django_db

SEARCH_QS = "mode=niss&niss=97432405115"
MANUAL_LABELS = [
    "Identification de la personne",
    "Données de la personne",
    "NISS :",
    "Date de naissance :",
    "Nom :",
    "Sexe :",
    "Prénom(s) :",
    "Données supplémentaires sur la personne",
    "Etat civil :",
    "Date de début :",
    "Partenaire :",
    "Nationalité :",
    "Registre d'inscription :",
    "Lieu de naissance :",
    "Adresse(s) légale(s)",
    "Adresse résidentielle",
    "Rue :",
    "Numéro :",
    "Boîte :",
    "Code postal :",
    "Localité :",
    "Pays :",
    "Copier ces informations dans l'adresse de résidence effective",
    "Adresse de résidence effective",
    "Rue * :",
    "Numéro * :",
    "Code postal * :",
    "Localité * :",
    "Retour",
    "Créer le dossier",
]


def url_for(person, qs=SEARCH_QS):
    return f"{reverse('dossiers:person', args=[person.pk])}?{qs}"


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_shows_the_manual_s_sections_and_the_person_s_data(agent_client, louise):
    content = text(agent_client.get(url_for(louise)))
    for label in MANUAL_LABELS:
        assert label in content, label
    for value in (
        "974324 051 15",
        "24/03/1997",
        "Delacroix",
        "Féminin",
        "Louise Marie",
        "Marié(e)",
        "05/09/2020",
        "Martin Paul",
        "Belgique",
        "Registre de population",
        "Etterbeek",
        "Rue de l'Église",
        "12",
    ):
        assert value in content, value


def test_each_consultation_writes_one_access_log_entry(agent_client, agent_profile, louise):
    agent_client.get(url_for(louise))
    # Louise and, as her partner's name and NISS are on the page, her partner.
    entry, partner_entry = AccessLogEntry.objects.order_by("pk")
    assert partner_entry.niss == louise.partner.niss
    assert partner_entry.showing == entry.showing
    assert entry.user == agent_profile.user
    assert entry.cpas == agent_profile.cpas
    assert entry.role == agent_profile.role
    assert entry.niss == "97432405115"
    assert entry.action == AccessAction.PERSON_DETAILS
    assert entry.request_pk is None and entry.dossier_pk is None
    agent_client.get(url_for(louise))
    assert AccessLogEntry.objects.count() == 4


def test_a_consultation_from_a_request_logs_the_request(agent_client, cpas, louise):
    request = OnlineRequestFactory(cpas=cpas, niss=louise.niss)
    agent_client.get(url_for(louise, f"demande={request.pk}&{SEARCH_QS}"))
    entry = AccessLogEntry.objects.get(niss=louise.niss)
    assert entry.request_pk == request.pk
    assert entry.request_reference == request.reference


def test_retour_goes_back_to_the_same_result_list(agent_client, louise):
    content = agent_client.get(url_for(louise)).content.decode()
    assert f'href="{reverse("dossiers:identify")}?mode=niss&amp;niss=97432405115">Retour' in content
    back = agent_client.get(f"{reverse('dossiers:identify')}?{SEARCH_QS}")
    assert "974324 051 15" in text(back)
    assert "Liste des personnes trouvées" in text(back)


def test_the_copy_button_works_without_javascript(agent_client, louise):
    response = agent_client.post(url_for(louise), {"copy": "1", "street": "typed"})
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound  # no errors shown, nothing created
    assert form["street"].value() == "Rue de l'Église"
    assert form["house_number"].value() == "12"
    assert form["postal_code"].value() == "3717"
    assert form["locality"].value() == "Herstappe"
    assert form["country"].value() == "Belgique"
    content = response.content.decode()
    assert 'name="street" value="Rue de l&#x27;Église"' in content
    assert Dossier.objects.count() == 0


def test_the_copy_button_carries_the_address_for_the_script(agent_client, louise):
    content = agent_client.get(url_for(louise)).content.decode()
    button = re.search(r'<button type="submit" name="copy"[^>]*>', content, re.S).group(0)
    assert "data-copy-address" in button
    assert 'data-street="Rue de l&#x27;Église"' in button
    assert 'data-house-number="12"' in button
    assert 'data-postal-code="3717"' in button
    assert 'data-locality="Herstappe"' in button
    assert re.search(r'<script src="[^"]*js/copy-address\.js" defer></script>', content)
    # No inline script (CSP): every <script> has a src.
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", content))
    assert "style=" not in content


def test_it_creates_the_dossier_and_opens_its_main_page(agent_client, agent_profile, louise):
    response = agent_client.post(url_for(louise), {**ADDRESS_FORM, "create": "1"})
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response.url == dossier.get_absolute_url()
    assert dossier.cpas == agent_profile.cpas
    assert dossier.person == louise
    assert dossier.created_by == agent_profile.user
    assert dossier.street == "Rue Lambert" and dossier.box == "B"
    page = text(agent_client.get(response.url))
    assert "Page principale du dossier" in page
    assert f"Le dossier {dossier.number} a été créé." in page


def test_enter_in_a_field_creates_rather_than_copies(agent_client, louise):
    """The first submit button of the form (the browser's default) is a hidden "create"."""
    content = agent_client.get(url_for(louise)).content.decode()
    form = content[content.index('class="form person-form"') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="create"' in first_button
    response = agent_client.post(url_for(louise), ADDRESS_FORM)  # no button name at all
    assert response.status_code == 302
    assert Dossier.objects.count() == 1


@pytest.mark.parametrize("missing", ["street", "house_number", "postal_code", "locality"])
def test_a_missing_mandatory_address_field_is_reported_and_values_are_kept(
    agent_client, louise, missing
):
    data = {**ADDRESS_FORM, missing: "  ", "create": "1"}
    response = agent_client.post(url_for(louise), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [missing]
    assert "Ce champ est obligatoire." in text(response)
    assert 'value="Rue Lambert"' in response.content.decode() or missing == "street"
    assert 'value="Herstappe"' in response.content.decode() or missing == "locality"
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("postal_code", "37 17!"), ("street", "x" * 121), ("house_number", "1" * 13)],
)
def test_bad_address_values_are_reported_on_their_field(agent_client, louise, field, value):
    response = agent_client.post(url_for(louise), {**ADDRESS_FORM, field: value, "create": "1"})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Dossier.objects.count() == 0


def test_an_existing_open_dossier_is_offered_instead_of_a_new_one(
    agent_client, louise, make_dossier
):
    dossier = make_dossier(louise)
    response = agent_client.get(url_for(louise))
    content = text(response)
    assert "Un dossier existe déjà pour cette personne" in content
    assert dossier.get_absolute_url() in content
    assert "Créer le dossier" not in content
    # Posting anyway (an old tab) gives the message and the link, never a second dossier.
    response = agent_client.post(url_for(louise), {**ADDRESS_FORM, "create": "1"})
    assert response.status_code == 200
    assert "Un dossier existe déjà pour cette personne" in text(response)
    assert dossier.get_absolute_url() in text(response)
    assert Dossier.objects.count() == 1


def test_a_closed_dossier_does_not_prevent_a_new_one(agent_client, louise, make_dossier):
    old = make_dossier(louise)
    Dossier.objects.filter(pk=old.pk).update(status="cloture")
    response = agent_client.post(url_for(louise), {**ADDRESS_FORM, "create": "1"})
    assert response.status_code == 302
    assert Dossier.objects.count() == 2


def test_a_deceased_person_is_shown_as_such_and_cannot_get_a_dossier(agent_client, deceased):
    response = agent_client.get(url_for(deceased))
    content = text(response)
    assert "Personne décédée le 15/01/2024" in content
    assert "Créer le dossier" not in content
    assert "Copier ces informations" not in content
    response = agent_client.post(url_for(deceased), {**ADDRESS_FORM, "create": "1"})
    assert response.status_code == 200
    assert "décédée" in text(response)
    assert Dossier.objects.count() == 0


def test_it_refuses_get_only_methods(agent_client, louise):
    assert agent_client.put(url_for(louise)).status_code == 405


@pytest.mark.parametrize("pk", ["0", "999999", "9" * 30])
def test_an_unknown_person_is_a_404(agent_client, pk):
    assert agent_client.get(f"/dossiers/nouveau/personne/{pk}/").status_code == 404


def test_a_garbage_person_id_does_not_resolve(agent_client):
    assert agent_client.get("/dossiers/nouveau/personne/abc/").status_code == 404


def test_another_cpas_s_request_as_origin_is_a_404(agent_client, other_cpas, louise):
    foreign = OnlineRequestFactory(cpas=other_cpas)
    url = url_for(louise, f"demande={foreign.pk}")
    assert agent_client.get(url).status_code == 404
    assert agent_client.post(url, {**ADDRESS_FORM, "create": "1"}).status_code == 404
    assert Dossier.objects.count() == 0
    assert AccessLogEntry.objects.count() == 0


def test_a_person_without_legal_address_can_still_get_a_typed_one(agent_client):
    person = PersonFactory(residential_address=None)
    content = text(agent_client.get(url_for(person)))
    assert "Aucune adresse résidentielle connue." in content
    assert "Copier ces informations" not in content
    response = agent_client.post(url_for(person), {**ADDRESS_FORM, "create": "1"})
    assert response.status_code == 302


def test_the_whole_flow_leaves_a_consultation_and_a_creation(agent_client, louise):
    url = reverse("dossiers:person", args=[louise.pk])
    agent_client.get(url)
    agent_client.post(url, {**ADDRESS_FORM, "create": "1"})
    rows = list(AccessLogEntry.objects.order_by("pk").values_list("action", "niss"))
    # The person page shows Louise and her partner's name and NISS: both consultations.
    assert rows == [
        (AccessAction.PERSON_DETAILS, louise.niss),
        (AccessAction.PERSON_DETAILS, louise.partner.niss),
        (AccessAction.DOSSIER_CREATION, louise.niss),
    ]
