import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_online.models import OnlineRequest
from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db

URL = reverse("requests_online:list")


def submitted(cpas, day: date, **kwargs):
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    return OnlineRequestFactory(cpas=cpas, submitted_on=day, submitted_at=moment, **kwargs)


def references(response):
    """The references in the table, top to bottom, as the agent sees them."""
    return re.findall(r'<td class="reference">([A-Z0-9]+)</td>', response.content.decode())


def test_the_menu_links_to_the_list(agent_client):
    response = agent_client.get(reverse("home"))
    assert URL in response.content.decode()


def test_by_default_it_lists_the_unread_requests_newest_first(agent_client, cpas):
    old = submitted(cpas, date(2024, 7, 22))
    new = submitted(cpas, date(2024, 7, 24))
    submitted(cpas, date(2024, 7, 23), read_at=timezone.now())
    response = agent_client.get(URL)
    assert response.status_code == 200
    assert references(response) == [new.reference, old.reference]
    content = response.content.decode()
    for column in ["Référence", "Date de soumission", "Prénom", "Nom", "Date de lecture"]:
        assert f">{column}</th>" in content
    assert "24/07/2024" in content
    assert "2 demandes trouvées" in content


def test_it_never_shows_requests_of_another_cpas(agent_client, outsider_client, foreign_request):
    assert references(agent_client.get(URL)) == []
    assert (
        references(
            agent_client.get(URL, {"mode": "reference", "reference": foreign_request.reference})
        )
        == []
    )
    assert references(outsider_client.get(URL)) == [foreign_request.reference]


def test_it_filters_the_read_requests(agent_client, cpas):
    submitted(cpas, date(2024, 7, 22))
    read = submitted(cpas, date(2024, 7, 23), read_at=timezone.now())
    response = agent_client.get(URL, {"mode": "demandes", "state": "lues"})
    assert references(response) == [read.reference]


def test_it_filters_by_submission_date_range_either_end_optional(agent_client, cpas):
    first = submitted(cpas, date(2024, 7, 1))
    middle = submitted(cpas, date(2024, 7, 15))
    last = submitted(cpas, date(2024, 7, 31))
    query = {"mode": "demandes", "state": "non_lues"}
    both = agent_client.get(URL, {**query, "date_from": "10/07/2024", "date_to": "15/07/2024"})
    assert references(both) == [middle.reference]
    start_only = agent_client.get(URL, {**query, "date_from": "15/07/2024"})
    assert references(start_only) == [last.reference, middle.reference]
    end_only = agent_client.get(URL, {**query, "date_to": "14/07/2024"})
    assert references(end_only) == [first.reference]


def boxes(prefix: str, day: str, month: str, year: str) -> dict[str, str]:
    """A date typed in the three boxes of « soumises à partir du » or « jusqu'au »."""
    return {prefix: day, f"{prefix}_month": month, f"{prefix}_year": year}


def errors_on(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def test_dates_typed_in_three_boxes_10_07_2024_to_15_07_2024_filter_the_list(agent_client, cpas):
    submitted(cpas, date(2024, 7, 1))
    middle = submitted(cpas, date(2024, 7, 15))
    submitted(cpas, date(2024, 7, 31))
    query = {
        "mode": "demandes",
        "state": "non_lues",
        **boxes("date_from", "10", "07", "2024"),
        **boxes("date_to", "15", "7", "2024"),
    }
    response = agent_client.get(URL, query)
    assert not response.context["form"].errors
    assert references(response) == [middle.reference]
    content = response.content.decode()
    # The boxes keep what was typed.
    for name, value in query.items():
        if name.startswith("date_"):
            assert f'name="{name}" value="{value}"' in content


def test_a_whole_date_24_07_2024_typed_in_the_first_box_is_understood(agent_client, cpas):
    submitted(cpas, date(2024, 7, 23))
    wanted = submitted(cpas, date(2024, 7, 24))
    response = agent_client.get(
        URL, {"mode": "demandes", **boxes("date_from", "24/07/2024", "", "")}
    )
    assert not response.context["form"].errors
    assert references(response) == [wanted.reference]
    # The old links, with the first box only (bookmarks, the benchmark), too.
    assert references(agent_client.get(URL, {"date_from": "24/07/2024"})) == [wanted.reference]


def test_the_date_boxes_are_labelled_in_a_group_followed_by_the_format(agent_client):
    content = agent_client.get(URL).content.decode()
    for field, legend in (("date_from", "soumises à partir du"), ("date_to", "jusqu&#x27;au")):
        start = content.index(f'<legend id="id_{field}_legend">{legend}</legend>')
        group = content[start : content.index("</fieldset>", start)]
        for suffix, label in (
            ("", "Jour (JJ)"),
            ("_month", "Mois (MM)"),
            ("_year", "Année (AAAA)"),
        ):
            box = f"id_{field}{suffix}"
            assert (
                f'<label class="visually-hidden" id="{box}_label" for="{box}">{label}</label>'
            ) in group
            assert f'name="{field}{suffix}"' in group
        # The first box, the date itself: named by the legend and its label (« soumises à
        # partir du Jour (JJ) »), as the single box it replaces was.
        first_box = re.search(rf'<input [^>]*name="{field}"[^>]*>', group).group()
        assert f'aria-labelledby="id_{field}_legend id_{field}_label"' in first_box
        assert "aria-labelledby" not in group.replace(first_box, "")
        assert group.count(f'aria-describedby="id_{field}_format"') == 3
        assert group.index('name="' + field + '_year"') < group.index(
            f'<span class="date-group__format" id="id_{field}_format">(JJ/MM/AAAA)</span>'
        )


def test_each_date_error_is_shown_on_its_own_date(agent_client, cpas):
    response = agent_client.get(
        URL,
        {
            "mode": "demandes",
            **boxes("date_from", "31", "02", "2024"),
            **boxes("date_to", "01", "01", "2101"),
        },
    )
    assert errors_on(response, "date_from") == ["Saisissez une date valide."]
    assert errors_on(response, "date_to") == ["L'année doit être comprise entre 1900 et 2100."]
    content = response.content.decode()
    start = content.index('<ul class="errorlist" id="id_date_from_error">')
    assert "Saisissez une date valide." in content[start : content.index("</ul>", start)]
    end = content.index('<ul class="errorlist" id="id_date_to_error">')
    assert "comprise entre 1900 et 2100" in content[end : content.index("</ul>", end)]
    # Each box of a date in error points at the date's message.
    assert content.count('aria-describedby="id_date_to_format id_date_to_error"') == 3
    assert content.count('aria-invalid="true"') == 6


@pytest.mark.parametrize("year", ["1899", "2101", "0001", "9999", "99999", "1" * 5000])
def test_far_years_in_the_year_box_are_refused_on_their_date(agent_client, cpas, year):
    submitted(cpas, date(2024, 7, 24))
    response = agent_client.get(URL, {"mode": "demandes", **boxes("date_to", "24", "07", year)})
    assert response.status_code == 200
    assert errors_on(response, "date_to") == ["L'année doit être comprise entre 1900 et 2100."]
    assert errors_on(response, "date_from") == []
    assert references(response) == []


@pytest.mark.parametrize(
    "typed",
    [("24", "", "2024"), ("", "07", "2024"), ("2a", "07", "2024"), ("124", "07", "2024")],
)
def test_an_incomplete_or_garbled_date_in_the_boxes_is_refused(agent_client, cpas, typed):
    response = agent_client.get(URL, {"mode": "demandes", **boxes("date_from", *typed)})
    assert errors_on(response, "date_from") == ["Saisissez une date valide."]
    assert "Saisissez une date valide." in response.content.decode()


def test_boxes_1900_to_2100_are_accepted(agent_client, cpas):
    item = submitted(cpas, date(2024, 7, 24))
    response = agent_client.get(
        URL,
        {
            "mode": "demandes",
            **boxes("date_from", "1", "1", "1900"),
            **boxes("date_to", "31", "12", "2100"),
        },
    )
    assert not response.context["form"].errors
    assert references(response) == [item.reference]


def test_an_end_date_in_boxes_before_the_start_gets_the_message_on_the_end_date(agent_client, cpas):
    response = agent_client.get(
        URL,
        {
            "mode": "demandes",
            **boxes("date_from", "20", "07", "2024"),
            **boxes("date_to", "10", "07", "2024"),
        },
    )
    assert errors_on(response, "date_to") == [
        "La date de fin de la période ne peut pas précéder la date de début."
    ]
    assert errors_on(response, "date_from") == []


def test_it_combines_the_read_state_and_the_date_range(agent_client, cpas):
    submitted(cpas, date(2024, 7, 1), read_at=timezone.now())
    wanted = submitted(cpas, date(2024, 7, 15), read_at=timezone.now())
    submitted(cpas, date(2024, 7, 15))
    response = agent_client.get(
        URL,
        {"mode": "demandes", "state": "lues", "date_from": "10/07/2024", "date_to": "20/07/2024"},
    )
    assert references(response) == [wanted.reference]


def details_and_return(response) -> tuple[str, str]:
    """The path a redirect goes to and the « Retour » it carries."""
    target = urlparse(response.url)
    return target.path, parse_qs(target.query)["retour"][0]


def test_the_unique_reference_2A90072YKMHZ_opens_its_details_with_retour_to_the_search(
    agent_client, cpas
):
    wanted = submitted(cpas, date(2024, 7, 24), reference="2A90072YKMHZ", first_name="Louise")
    submitted(cpas, date(2024, 7, 24))
    search = {"mode": "reference", "state": "non_lues", "reference": "2A90072YKMHZ"}
    response = agent_client.get(URL, search)
    assert response.status_code == 302
    path, back = details_and_return(response)
    assert path == reverse("requests_online:details", args=[wanted.pk])
    assert back == f"{URL}?mode=reference&state=non_lues&reference=2A90072YKMHZ&liste=1"
    details = agent_client.get(response.url).content.decode()
    assert "Louise" in details
    assert f'href="{back.replace("&", "&amp;")}"' in details
    # « Retour » shows the search, its reference in the box and its one row: no new redirect.
    listed = agent_client.get(back)
    assert listed.status_code == 200
    assert references(listed) == [wanted.reference]
    assert 'value="2A90072YKMHZ"' in listed.content.decode()
    assert "1 demande trouvée" in listed.content.decode()


def test_the_reference_typed_in_lower_case_with_spaces_opens_the_request(agent_client, cpas):
    wanted = submitted(cpas, date(2024, 7, 24), reference="2A90072YKMHZ", read_at=timezone.now())
    response = agent_client.get(URL, {"mode": "reference", "reference": " 2a90 072y kmhz "})
    assert response.status_code == 302
    assert details_and_return(response)[0] == reverse("requests_online:details", args=[wanted.pk])


def test_a_search_by_reference_opening_the_request_reads_one_row_of_the_requests(
    agent_client, cpas
):
    submitted(cpas, date(2024, 7, 24), reference="2A90072YKMHZ")
    agent_client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = agent_client.get(URL, {"mode": "reference", "reference": "2A90072YKMHZ"})
    assert response.status_code == 302
    assert request_table_queries(queries) == 1


def test_an_unknown_reference_shows_the_empty_state(agent_client, cpas):
    submitted(cpas, date(2024, 7, 24), reference="2A90072YKMHZ")
    response = agent_client.get(URL, {"mode": "reference", "reference": "ZZZZZZZZZZZZ"})
    assert response.status_code == 200
    assert "Aucune demande ne correspond à votre recherche" in response.content.decode()
    assert 'value="ZZZZZZZZZZZZ"' in response.content.decode()


def test_the_reference_of_another_cpas_is_no_match_and_opens_nothing(agent_client, other_cpas):
    theirs = submitted(other_cpas, date(2024, 7, 20), reference="LIEGE0000005")
    for typed in ("LIEGE0000005", " liege 0000 005 "):
        response = agent_client.get(URL, {"mode": "reference", "reference": typed})
        assert response.status_code == 200
        content = response.content.decode()
        assert "Aucune demande ne correspond à votre recherche" in content
        assert "0 demande trouvée" in content
        assert reverse("requests_online:details", args=[theirs.pk]) not in content
        assert theirs.last_name not in content


@pytest.mark.parametrize(
    "query",
    [
        {"mode": "demandes", "date_from": "31/02/2024"},
        {"mode": "demandes", "date_from": "hier"},
        {"mode": "demandes", "date_to": "01/01/99999"},
        {"mode": "demandes", "state": "peut-être"},
        {"mode": "n'importe", "state": "lues"},
        {"mode": "reference", "reference": ""},
    ],
)
def test_bad_input_gets_a_message_on_the_form_never_a_500(agent_client, cpas, query):
    submitted(cpas, date(2024, 7, 24))
    response = agent_client.get(URL, query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'class="errorlist' in response.content.decode()
    assert references(response) == []


def test_an_inverted_date_range_gets_a_message_on_the_end_date(agent_client, cpas):
    response = agent_client.get(
        URL, {"mode": "demandes", "date_from": "20/07/2024", "date_to": "10/07/2024"}
    )
    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert "ne peut pas précéder la date de début" in response.content.decode()


def test_an_end_date_equal_to_the_start_is_a_one_day_period(agent_client, cpas):
    """The message says « ne peut pas précéder »: the same day for both ends is accepted."""
    submitted(cpas, date(2024, 7, 14))
    same_day = submitted(cpas, date(2024, 7, 15))
    submitted(cpas, date(2024, 7, 16))
    response = agent_client.get(
        URL, {"mode": "demandes", "date_from": "15/07/2024", "date_to": "15/07/2024"}
    )
    assert response.context["form"].errors == {}
    assert references(response) == [same_day.reference]


def test_it_paginates_by_fifty_and_the_links_keep_the_filter(agent_client, cpas):
    day = date(2024, 7, 10)
    for offset in range(120):
        submitted(cpas, day + timedelta(days=offset % 5), read_at=timezone.now())
    query = {"mode": "demandes", "state": "lues", "date_from": "10/07/2024"}
    first = agent_client.get(URL, query)
    assert len(first.context["page"].object_list) == 50
    assert "120 demandes trouvées" in first.content.decode()
    next_link = "?mode=demandes&amp;state=lues&amp;date_from=10%2F07%2F2024&amp;page=2"
    assert next_link in first.content.decode()
    third = agent_client.get(URL, {**query, "page": "3"})
    assert len(third.context["page"].object_list) == 20
    everything = set()
    for number in (1, 2, 3):
        everything |= set(references(agent_client.get(URL, {**query, "page": number})))
    assert len(everything) == 120


@pytest.mark.parametrize(
    ("page", "expected"), [("abc", 1), ("2.5", 1), ("", 1), ("999", 3), ("0", 3), ("-1", 3)]
)
def test_unknown_page_numbers_give_the_first_or_last_page(agent_client, cpas, page, expected):
    """Paginator.get_page: not a whole number, the first page; below 1 or past the end, the
    last one."""
    for _ in range(101):
        submitted(cpas, date(2024, 7, 10))
    response = agent_client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == expected


def test_the_details_links_carry_the_list_filter_and_page_back(agent_client, cpas):
    item = submitted(cpas, date(2024, 7, 24))
    response = agent_client.get(URL, {"mode": "demandes", "state": "non_lues", "page": "1"})
    details = reverse("requests_online:details", args=[item.pk])
    link = next(
        part.split('"')[0]
        for part in response.content.decode().split('href="')
        if part.startswith(details)
    )
    retour = parse_qs(urlparse(link.replace("&amp;", "&")).query)["retour"][0]
    assert retour == f"{URL}?mode=demandes&state=non_lues&page=1"


def results_html(response) -> str:
    content = response.content.decode()
    return content[content.index('<p class="result-count"') : content.index("</main>")]


def request_table_queries(context) -> int:
    return sum("requests_online_onlinerequest" in q["sql"] for q in context.captured_queries)


def test_the_list_makes_a_constant_number_of_queries(agent_client, cpas, django_assert_num_queries):
    for _ in range(3):
        submitted(cpas, date(2024, 7, 24))
    agent_client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        agent_client.get(URL)
    # The requests themselves: one count, one page of rows; the rest is the session, the user,
    # the active profile that every page reads, and the CPAS's list version.
    assert request_table_queries(few) == 2
    assert len(few) <= 10
    for _ in range(60):
        submitted(cpas, date(2024, 7, 25), read_at=timezone.now())
        submitted(cpas, date(2024, 7, 25))
    with django_assert_num_queries(len(few)):
        response = agent_client.get(URL)
    assert len(response.context["page"].object_list) == 50
    # A date range is never cached (a key per typed date would have no bound): no list version
    # to read, the rest the same.
    with django_assert_num_queries(len(few) - 1) as filtered:
        agent_client.get(URL, {"mode": "demandes", "state": "lues", "date_from": "01/07/2024"})
    assert request_table_queries(filtered) == 2


def test_a_list_seen_before_is_served_without_reading_the_requests(agent_client, cpas):
    item = submitted(cpas, date(2024, 7, 24), first_name="<b>Louise</b>")
    first = agent_client.get(URL)
    with CaptureQueriesContext(connection) as again:
        second = agent_client.get(URL)
    assert request_table_queries(again) == 0
    assert references(second) == [item.reference]
    assert results_html(second) == results_html(first)
    assert "&lt;b&gt;Louise&lt;/b&gt;" in second.content.decode()


def test_a_new_request_shows_in_a_list_seen_before(agent_client, cpas):
    old = submitted(cpas, date(2024, 7, 22))
    assert references(agent_client.get(URL)) == [old.reference]
    new = submitted(cpas, date(2024, 7, 24))
    assert references(agent_client.get(URL)) == [new.reference, old.reference]
    assert "2 demandes trouvées" in agent_client.get(URL).content.decode()


def test_a_request_marked_read_leaves_the_unread_list_at_once(agent_client, colleague_client, cpas):
    item = submitted(cpas, date(2024, 7, 24))
    assert references(colleague_client.get(URL)) == [item.reference]
    agent_client.post(reverse("requests_online:mark_read", args=[item.pk]))
    assert references(colleague_client.get(URL)) == []
    read = colleague_client.get(URL, {"mode": "demandes", "state": "lues"})
    assert references(read) == [item.reference]
    agent_client.post(reverse("requests_online:mark_unread", args=[item.pk]))
    assert references(colleague_client.get(URL)) == [item.reference]


def test_changes_made_outside_the_services_show_at_once(agent_client, cpas):
    """The admin, a bulk update or a deletion: the database triggers renew the list version."""
    first = submitted(cpas, date(2024, 7, 22))
    second = submitted(cpas, date(2024, 7, 24))
    assert references(agent_client.get(URL)) == [second.reference, first.reference]
    OnlineRequest.objects.filter(pk=second.pk).update(last_name="Nouveau")
    assert "Nouveau" in agent_client.get(URL).content.decode()
    OnlineRequest.objects.filter(pk=second.pk).delete()
    assert references(agent_client.get(URL)) == [first.reference]


def test_two_cpas_never_share_a_cached_list(agent_client, outsider_client, cpas, other_cpas):
    mine = submitted(cpas, date(2024, 7, 24))
    theirs = submitted(other_cpas, date(2024, 7, 24))
    assert references(agent_client.get(URL)) == [mine.reference]
    assert references(outsider_client.get(URL)) == [theirs.reference]
    assert references(agent_client.get(URL)) == [mine.reference]


def test_a_cached_list_is_kept_per_language(agent_client, cpas):
    submitted(cpas, date(2024, 7, 24))
    assert "1 demande trouvée" in agent_client.get(URL).content.decode()
    agent_client.cookies["django_language"] = "nl"
    dutch = agent_client.get(URL).content.decode()
    assert "1 demande trouvée" not in dutch
    assert 'lang="nl"' in dutch


def test_the_list_reads_only_the_columns_it_shows(agent_client, cpas):
    item = submitted(cpas, date(2024, 7, 24), description="x" * 3000)
    row = agent_client.get(URL).context["page"].object_list[0]
    assert row == (
        item.pk,
        item.reference,
        item.submitted_on,
        item.first_name,
        item.last_name,
        None,
    )


def test_the_rows_are_escaped(agent_client, cpas):
    submitted(cpas, date(2024, 7, 24), first_name="<script>x</script>")
    content = agent_client.get(URL).content.decode()
    assert "<script>x" not in content
    assert "&lt;script&gt;x&lt;/script&gt;" in content


def test_the_read_date_is_shown_in_brussels_time(agent_client, cpas):
    read_at = timezone.make_aware(datetime(2024, 7, 25, 23, 30), timezone=UTC)
    submitted(cpas, date(2024, 7, 24), read_at=read_at)
    response = agent_client.get(URL, {"mode": "demandes", "state": "lues"})
    assert "<td>26/07/2024</td>" in response.content.decode()


def test_each_search_shows_its_own_values_in_the_form(agent_client):
    # The form's HTML is cached by its values: two searches must never share it.
    first = agent_client.get(URL, {"mode": "demandes", "date_from": "01/09/2026"})
    second = agent_client.get(URL, {"mode": "demandes", "date_from": "02/09/2026"})
    again = agent_client.get(URL, {"mode": "demandes", "date_from": "01/09/2026"})
    assert 'value="01/09/2026"' in first.content.decode()
    assert 'value="02/09/2026"' in second.content.decode()
    assert 'value="01/09/2026"' not in second.content.decode()
    assert again.content.decode().count('value="01/09/2026"') == 1


def test_a_form_with_errors_is_never_served_from_the_cache(agent_client):
    valid = {"mode": "demandes", "date_from": "01/09/2026", "date_to": "30/09/2026"}
    agent_client.get(URL, valid)
    inverted = agent_client.get(URL, {**valid, "date_from": "01/10/2026"})
    assert (
        "La date de fin de la période ne peut pas précéder la date de début."
        in inverted.content.decode()
    )
