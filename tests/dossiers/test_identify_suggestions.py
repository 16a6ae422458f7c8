"""« Vouliez-vous dire ? » on the identification page: the persons found with one typing slip
corrected, under « Liste des personnes trouvées », never instead of the results."""

import html
import re

import pytest
from django.urls import reverse

from accesslog.models import AccessAction, AccessLogEntry
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("dossiers:identify")


def typed(**overrides):
    """Louise Delacroix (born 24/03/1997) as an agent types her, day and month swapped."""
    params = {
        "mode": "phonetique",
        "last_name": "Delacroix",
        "first_names": "Louise",
        "birth_day": "03",
        "birth_month": "24",
        "birth_year": "1997",
        "tolerance": "0",
        "sex": "",
    }
    params.update(overrides)
    return params


def text(response) -> str:
    return html.unescape(response.content.decode())


def suggestions_section(response) -> str:
    content = response.content.decode()
    match = re.search(r'<section class="person-suggestions".*?</section>', content, re.S)
    return match.group(0) if match else ""


def test_a_day_and_month_swap_is_suggested_under_the_persons_found(agent_client, louise):
    # 03/24/1997 is no date (month 24): the form says so, and the page still suggests her.
    response = agent_client.get(URL, typed())
    content = text(response)
    assert "Mois de naissance invalide" in content
    assert content.index("Liste des personnes trouvées") < content.index("Vouliez-vous dire ?")
    section = html.unescape(suggestions_section(response))
    assert "Delacroix" in section and "Louise Marie" in section
    assert "974324 051 15" in section
    assert "jour et mois inversés" in section
    details = reverse("dossiers:person", args=[louise.pk])
    assert f'href="{details}?mode=phonetique&last_name=Delacroix' in section
    assert ">Détails</a>" in section


def test_a_valid_swapped_date_lists_nobody_found_then_the_suggestion(agent_client):
    anne = PersonFactory(
        last_name="Dubois", first_names="Anne", birth_year=1997, birth_month=5, birth_day=12
    )
    response = agent_client.get(
        URL, typed(last_name="Dubois", first_names="Anne", birth_day="05", birth_month="12")
    )
    content = text(response)
    assert response.context["form"].is_valid()
    assert "Aucune personne trouvée" in content
    assert [row.person for row in response.context["result"].suggestions] == [anne]
    assert "Vouliez-vous dire ?" in content


def test_the_differing_part_is_marked_and_said_not_by_colour_alone(agent_client):
    PersonFactory(last_name="Dubois", first_names="Anne", birth_year=1985)
    response = agent_client.get(
        URL,
        typed(last_name="Dubois", first_names="Anne", birth_day="12", birth_month="05")
        | {"birth_year": "1958"},
    )
    section = suggestions_section(response)
    assert '12/05/<mark class="differs">1985</mark>' in section
    assert "la partie en surbrillance diffère de la saisie" in html.unescape(section)
    assert "chiffres de l'année inversés" in html.unescape(section)


def test_exchanged_names_are_marked(agent_client, louise):
    response = agent_client.get(
        URL, typed(last_name="Louise", first_names="Delacroix", birth_day="24", birth_month="03")
    )
    section = html.unescape(suggestions_section(response))
    assert "nom et prénom inversés" in section
    assert '<mark class="differs">Delacroix<span class="visually-hidden">' in section
    assert section.count("diffère de la saisie") == 2


def test_nothing_is_suggested_when_the_search_finds_the_typed_first_name(agent_client, louise):
    PersonFactory(
        last_name="Delacroix", first_names="Louise", birth_year=1997, birth_month=3, birth_day=2
    )
    swapped = PersonFactory(
        last_name="Delacroix", first_names="Louise", birth_year=1997, birth_month=2, birth_day=3
    )
    # Born on 02/03/1997 as typed: found; the Louise born on 03/02 is not suggested.
    response = agent_client.get(
        URL, typed(birth_day="02", birth_month="03", first_names="Louise", tolerance="0")
    )
    assert len(response.context["result"].rows) == 1
    assert response.context["result"].suggestions == []
    assert "Vouliez-vous dire ?" not in text(response)
    assert swapped.niss_display not in text(response)


def test_suggestions_are_never_chosen_for_the_agent(agent_client):
    """One suggestion, and still the page: no redirect to the person."""
    PersonFactory(
        last_name="Dubois", first_names="Anne", birth_year=1997, birth_month=5, birth_day=12
    )
    response = agent_client.get(
        URL, typed(last_name="Dubois", first_names="Anne", birth_day="05", birth_month="12")
    )
    assert response.status_code == 200
    assert len(response.context["result"].suggestions) == 1


def test_listing_suggestions_logs_them_as_an_identification(agent_client, agent_profile, louise):
    agent_client.get(URL, typed())
    entry = AccessLogEntry.objects.get(niss=louise.niss)
    assert entry.action == AccessAction.IDENTIFICATION
    assert entry.user == agent_profile.user
    assert entry.search_criteria == "Delacroix Louise 03/24/1997 ±0"


def test_opening_a_suggested_person_is_logged_as_a_person_page(agent_client, louise):
    params = typed()
    response = agent_client.get(URL, params)
    link = re.search(r'href="(/dossiers/nouveau/personne/\d+/\?[^"]+)"', response.content.decode())
    page = agent_client.get(html.unescape(link.group(1)))
    assert page.status_code == 200
    assert AccessLogEntry.objects.filter(
        niss=louise.niss, action=AccessAction.PERSON_DETAILS
    ).exists()


def test_a_suggested_person_s_open_dossier_is_shown(agent_client, louise, make_dossier):
    dossier = make_dossier(louise)
    section = suggestions_section(agent_client.get(URL, typed()))
    assert "Dossier ouvert" in section
    assert dossier.get_absolute_url() in section


@pytest.mark.parametrize(
    ("day", "month", "year", "field"),
    [
        ("00", "00", "1997", None),  # year-only: the year's digits (7 and 9) are tried
        ("31", "02", "1997", "birth_day"),  # no such date: the day's digits make 13/02
        ("29", "02", "1997", "birth_day"),  # not a leap year, nor is 1979
        ("13", "24", "1997", "birth_month"),  # month 24 swapped is day 24 of month 13
        ("24", "13", "1997", "birth_month"),
        ("15", "00", "1997", "birth_day"),
        ("01", "01", "1899", "birth_year"),  # refused as before: no suggestion
        ("01", "01", "2099", "birth_year"),
    ],
)
def test_any_date_gives_a_suggestion_or_none_never_an_error_page(
    agent_client, louise, day, month, year, field
):
    response = agent_client.get(
        URL, typed(birth_day=day, birth_month=month, birth_year=year, first_names="Louise")
    )
    assert response.status_code == 200
    form = response.context["form"]
    if field is None:
        assert form.is_valid()
    else:
        assert field in form.errors
    if field == "birth_year":
        assert response.context["result"] is None


def test_an_impossible_date_with_a_suggestion_shows_the_error_and_the_suggestion(agent_client):
    anne = PersonFactory(last_name="Dubois", first_names="Anne", birth_month=2, birth_day=13)
    response = agent_client.get(
        URL,
        typed(last_name="Dubois", first_names="Anne", birth_day="31", birth_month="02")
        | {"birth_year": "1988"},
    )
    assert "31/02/1988 n'existe pas" in text(response)
    assert [row.person for row in response.context["result"].suggestions] == [anne]
    assert "chiffres du jour inversés" in text(response)


def test_an_impossible_date_with_another_error_suggests_nothing(agent_client):
    PersonFactory(last_name="Dubois", first_names="Anne", birth_month=2, birth_day=13)
    response = agent_client.get(
        URL,
        typed(last_name="Dubois", first_names="Anne", birth_day="31", birth_month="02")
        | {"birth_year": "1988", "tolerance": "11"},
    )
    assert response.context["result"] is None


def test_a_particle_alone_as_the_surname_brings_no_flood(agent_client):
    for serial in range(12):
        PersonFactory(last_name="Van", first_names="Nguyen", sex="M", birth_month=5, birth_day=12)
        PersonFactory(
            last_name="Nguyen", first_names=f"Van {serial}", sex="M", birth_month=5, birth_day=12
        )
    response = agent_client.get(
        URL,
        typed(last_name="Van", first_names="Nguyen", birth_day="05", birth_month="12")
        | {"birth_year": "1988"},
    )
    assert response.context["result"].suggestions == []


def test_suggestions_add_a_bounded_number_of_queries(agent_client, django_assert_max_num_queries):
    for serial in range(8):
        PersonFactory(
            last_name="Dubois", first_names="Anne", sex="F", birth_month=5, birth_day=12 + serial
        )
    agent_client.get(URL)  # warm the session
    # The page's 12, plus two look-ups for the surname's corrections and two for the names
    # exchanged.
    with django_assert_max_num_queries(12 + 2 + 2):
        response = agent_client.get(
            URL,
            typed(last_name="Dubois", first_names="Anne", birth_day="05", birth_month="12")
            | {"birth_year": "1988", "sex": "F", "tolerance": "10"},
        )
    assert len(response.context["result"].suggestions) == 5
