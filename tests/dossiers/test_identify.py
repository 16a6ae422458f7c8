"""Steps 1–2: "Pour créer un nouveau dossier" and "Liste des personnes trouvées"."""

import html

import pytest
from django.urls import reverse

from dossiers.selectors import RESULT_LIMIT
from tests.factories import OnlineRequestFactory, PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("dossiers:identify")
MANUAL_LABELS = [
    "Pour créer un nouveau dossier",
    "Identification de la personne",
    "Par un NISS",
    "Numéro * :",
    "Par une recherche phonétique",
    "Nom * :",
    "Prénom(s) :",
    "Date de naissance * :",
    "(JJ/MM/AAAA)",
    "Tolérance :",
    "Sexe :",
    "* zone obligatoire",
    "Rechercher",
]


def phonetic(**overrides):
    params = {
        "mode": "phonetique",
        "last_name": "Delacroix",
        "first_names": "",
        "birth_day": "24",
        "birth_month": "03",
        "birth_year": "1997",
        "tolerance": "0",
        "sex": "",
    }
    params.update(overrides)
    return params


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_the_form_shows_the_manual_s_labels(agent_client):
    content = text(agent_client.get(URL))
    for label in MANUAL_LABELS:
        assert label in content, label
    assert "Liste des personnes trouvées" not in content


def test_the_birth_date_is_three_labelled_boxes_in_a_fieldset(agent_client):
    content = agent_client.get(URL).content.decode()
    assert "<legend>Date de naissance * :</legend>" in html.unescape(content)
    for name in ("birth_day", "birth_month", "birth_year"):
        assert f'<label for="id_{name}"' in content
        assert f'name="{name}"' in content


def test_the_tolerance_is_a_select_from_00_to_10(agent_client):
    content = agent_client.get(URL).content.decode()
    assert '<select name="tolerance"' in content
    assert '<option value="10">10</option>' in content
    assert '<option value="11">' not in content


def test_it_finds_a_person_by_niss(agent_client, louise):
    response = agent_client.get(URL, {"mode": "niss", "niss": "97.43.24-051.15"})
    content = text(response)
    assert "Liste des personnes trouvées" in content
    assert "974324 051 15" in content
    assert "Delacroix" in content and "Louise Marie" in content
    assert "Féminin" in content and "24/03/1997" in content
    assert "Détails" in content


def test_an_unknown_niss_says_nobody_was_found(agent_client, louise):
    response = agent_client.get(URL, {"mode": "niss", "niss": "85073003328"})
    assert response.status_code == 200
    assert "Aucune personne trouvée" in text(response)


def test_it_finds_a_person_phonetically_with_an_unknown_day_and_a_tolerance(agent_client, louise):
    params = phonetic(last_name="Delacroix", birth_day="00", birth_month="02", tolerance="1")
    content = text(agent_client.get(URL, params))
    assert "974324 051 15" in content


def test_a_search_without_mode_uses_the_niss_when_one_is_typed(agent_client, louise):
    content = text(agent_client.get(URL, {"niss": "97432405115"}))
    assert "974324 051 15" in content


def test_the_phonetic_search_filters_on_sex(agent_client, louise):
    assert "974324 051 15" not in text(agent_client.get(URL, phonetic(sex="M")))
    assert "974324 051 15" in text(agent_client.get(URL, phonetic(sex="F")))


def test_the_details_link_carries_the_search_criteria(agent_client, louise):
    params = phonetic()
    content = agent_client.get(URL, params).content.decode()
    details = reverse("dossiers:person", args=[louise.pk])
    assert f'href="{details}?mode=phonetique&amp;last_name=Delacroix' in content


def test_a_person_with_an_open_dossier_here_is_marked_with_a_link(
    agent_client, louise, make_dossier
):
    dossier = make_dossier(louise)
    content = text(agent_client.get(URL, {"mode": "niss", "niss": louise.niss}))
    assert "Dossier ouvert" in content
    assert dossier.get_absolute_url() in content


def test_a_dossier_in_another_cpas_is_not_marked(agent_client, louise, make_dossier, other_cpas):
    make_dossier(louise, cpas=other_cpas)
    content = text(agent_client.get(URL, {"mode": "niss", "niss": louise.niss}))
    assert "Dossier ouvert" not in content


TOO_MANY = (
    "Plus de 2 personnes correspondent à ces critères : précisez le prénom, la date de "
    "naissance ou le sexe."
)


def test_too_many_results_asks_to_refine_and_says_how_many(agent_client, monkeypatch):
    monkeypatch.setattr("dossiers.selectors.RESULT_LIMIT", 2)
    for serial in range(3):
        PersonFactory(
            last_name="Delacroix",
            first_names=f"P{serial}",
            birth_year=1997,
            birth_month=3,
            birth_day=24,
        )
    content = text(agent_client.get(URL, phonetic()))
    assert TOO_MANY in content
    assert "3 personnes correspondent ; les 2 mieux classées sont listées." in content
    assert content.count("Détails") == 2
    assert RESULT_LIMIT == 100


def test_the_cbss_limit_is_said_in_the_message(agent_client):
    """The list holds 100 persons, the CBSS's own limit: the message says so."""
    for serial in range(101):
        PersonFactory(
            last_name="Delacroix",
            first_names=f"Anne{serial}",
            birth_year=1997,
            birth_month=3,
            birth_day=24,
        )
    content = text(agent_client.get(URL, phonetic()))
    assert (
        "Plus de 100 personnes correspondent à ces critères : précisez le prénom, la date de "
        "naissance ou le sexe." in content
    )
    assert "101 personnes correspondent ; les 100 mieux classées sont listées." in content
    assert content.count("Détails") == 100


def test_a_large_window_lists_the_best_ranked_and_gives_an_estimate(agent_client, monkeypatch):
    """More candidates than the registry reads whole (read nearest first): the message, an
    estimate said to be one, and the persons nearest the typed date among equals."""
    monkeypatch.setattr("dossiers.selectors.RESULT_LIMIT", 2)
    monkeypatch.setattr("registry.search.READ_ALL_UP_TO", 3)
    for serial in range(6):
        PersonFactory(
            last_name="Delacroix",
            first_names=f"Anne{serial}",
            birth_year=1994 + serial,
            birth_month=3,
            birth_day=24,
        )
    response = agent_client.get(
        URL, phonetic(birth_day="00", birth_month="00", birth_year="1997", tolerance="3")
    )
    content = text(response)
    result = response.context["result"]
    assert result.too_many is True
    assert TOO_MANY in content
    assert "Environ 6 personnes correspondent (estimation) ; les 2 mieux classées" in content
    assert {row.person.birth_year for row in result.rows} <= {1996, 1997, 1998}
    assert content.count("Détails") == 2


def test_a_count_stopped_early_is_said_to_be_a_lower_bound(agent_client, monkeypatch):
    monkeypatch.setattr("dossiers.selectors.RESULT_LIMIT", 2)
    monkeypatch.setattr("registry.search.READ_ALL_UP_TO", 3)
    monkeypatch.setattr("registry.search.COUNT_UP_TO", 4)
    for serial in range(6):
        PersonFactory(
            last_name="Delacroix",
            first_names=f"Anne{serial}",
            birth_year=1994 + serial,
            birth_month=3,
            birth_day=24,
        )
    content = text(
        agent_client.get(
            URL, phonetic(birth_day="00", birth_month="00", birth_year="1997", tolerance="3")
        )
    )
    assert "Plus de 4 personnes correspondent (estimation)" in content


def test_a_search_listing_everyone_does_not_ask_to_refine(agent_client, louise):
    content = text(agent_client.get(URL, phonetic()))
    assert "974324 051 15" in content
    assert "personnes correspondent" not in content


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"mode": "niss", "niss": ""}, "niss", "Veuillez indiquer un numéro NISS."),
        ({"mode": "niss", "niss": "97432405116"}, "niss", "chiffres de contrôle incorrects"),
        ({"mode": "niss", "niss": "1234"}, "niss", "11 chiffres"),
        ({"mode": "niss", "niss": "abcdefghijk"}, "niss", "11 chiffres"),
        (phonetic(last_name=""), "last_name", "Veuillez indiquer le nom."),
        (phonetic(last_name="1234"), "last_name", "Veuillez indiquer le nom."),
        (phonetic(birth_day=""), "birth_day", "Ce champ est obligatoire"),
        (phonetic(birth_month=""), "birth_month", "Ce champ est obligatoire"),
        (phonetic(birth_year=""), "birth_year", "Ce champ est obligatoire"),
        (phonetic(birth_day="ab"), "birth_day", "Uniquement des chiffres"),
        (phonetic(birth_day="٣"), "birth_day", "Uniquement des chiffres"),
        (phonetic(birth_year="0000"), "birth_year", "Année de naissance invalide"),
        (phonetic(last_name="x" * 101), "last_name", "au plus 100 caractères"),
        ({"mode": "niss", "niss": "9" * 500}, "niss", "au plus 20 caractères"),
        (phonetic(birth_day="31", birth_month="02"), "birth_day", "31/02/1997 n'existe pas"),
        (phonetic(birth_day="15", birth_month="00", birth_year="2000"), "birth_day", "00/00/AAAA"),
        (phonetic(birth_month="13"), "birth_month", "Mois de naissance invalide"),
        (phonetic(birth_year="1700"), "birth_year", "Année de naissance invalide"),
        (phonetic(birth_year="3000"), "birth_year", "Année de naissance invalide"),
        (phonetic(birth_year="12345"), "birth_year", "au plus 4 caractères"),
        (phonetic(tolerance="11"), "tolerance", "La tolérance doit être un nombre de 00 à 10."),
        (phonetic(tolerance="-1"), "tolerance", "La tolérance doit être un nombre de 00 à 10."),
        (phonetic(tolerance="abc"), "tolerance", "La tolérance doit être un nombre de 00 à 10."),
        (phonetic(sex="X"), "sex", "Sexe invalide."),
        ({"mode": "autre", "niss": "97432405115"}, "mode", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_reported_on_its_field_never_a_500(agent_client, params, field, message):
    response = agent_client.get(URL, params)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert any(message in error for error in form.errors[field]), form.errors[field]
    assert "Liste des personnes trouvées" not in text(response)
    # The error is tied to the field (aria-invalid and the error list next to the input).
    assert 'aria-invalid="true"' in response.content.decode()


def test_typed_values_are_kept_after_an_error(agent_client):
    response = agent_client.get(URL, phonetic(birth_day="31", birth_month="02"))
    content = response.content.decode()
    assert 'value="Delacroix"' in content
    assert 'name="birth_day" value="31"' in content


def test_the_form_is_pre_filled_with_the_niss_of_a_request(agent_client, cpas):
    request = OnlineRequestFactory(cpas=cpas, niss="97432405115")
    response = agent_client.get(URL, {"demande": request.pk})
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["mode"] == "niss"
    assert 'value="97432405115"' in response.content.decode()
    assert request.reference in response.content.decode()
    assert f'<input type="hidden" name="demande" value="{request.pk}">' in response.content.decode()


def test_without_niss_the_request_pre_fills_name_first_name_and_birth_date(agent_client, cpas):
    from datetime import date

    request = OnlineRequestFactory(
        cpas=cpas, last_name="Delacroix", first_name="Louise", birth_date=date(1997, 3, 24)
    )
    content = agent_client.get(URL, {"demande": request.pk}).content.decode()
    for value in ("Delacroix", "Louise", "24", "03", "1997"):
        assert f'value="{value}"' in content
    assert 'id="id_mode_1" checked' in content


def test_a_request_without_birth_date_leaves_the_boxes_empty(agent_client, cpas):
    request = OnlineRequestFactory(cpas=cpas, last_name="Delacroix", birth_date=None)
    response = agent_client.get(URL, {"demande": request.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert all(not form[name].value() for name in ("birth_day", "birth_month", "birth_year"))
    assert form["last_name"].value() == "Delacroix"


@pytest.mark.parametrize("value", ["abc", "-1", "99999999", "1.5", "9" * 40, "１２"])
def test_a_garbage_request_parameter_is_a_404(agent_client, value):
    assert agent_client.get(URL, {"demande": value}).status_code == 404


def test_another_cpas_s_request_is_a_404(agent_client, other_cpas):
    foreign = OnlineRequestFactory(cpas=other_cpas)
    assert agent_client.get(URL, {"demande": foreign.pk}).status_code == 404
    assert agent_client.get(URL, {"demande": foreign.pk, "niss": "97432405115"}).status_code == 404


def test_the_search_runs_a_bounded_number_of_queries(
    agent_client, louise, django_assert_max_num_queries
):
    for serial in range(5):
        PersonFactory(
            last_name="Delacroix",
            first_names=f"P{serial}",
            birth_year=1997,
            birth_month=3,
            birth_day=24,
        )
    agent_client.get(URL)  # warm the session
    with django_assert_max_num_queries(12):
        response = agent_client.get(URL, phonetic())
    assert text(response).count("Détails") == 6
