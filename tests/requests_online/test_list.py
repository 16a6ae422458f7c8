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


def test_it_combines_the_read_state_and_the_date_range(agent_client, cpas):
    submitted(cpas, date(2024, 7, 1), read_at=timezone.now())
    wanted = submitted(cpas, date(2024, 7, 15), read_at=timezone.now())
    submitted(cpas, date(2024, 7, 15))
    response = agent_client.get(
        URL,
        {"mode": "demandes", "state": "lues", "date_from": "10/07/2024", "date_to": "20/07/2024"},
    )
    assert references(response) == [wanted.reference]


def test_it_finds_a_request_by_reference_ignoring_case_and_spaces(agent_client, cpas):
    wanted = submitted(cpas, date(2024, 7, 24), reference="2A90072YKMHZ", read_at=timezone.now())
    submitted(cpas, date(2024, 7, 24))
    response = agent_client.get(URL, {"mode": "reference", "reference": " 2a90 072y kmhz "})
    assert references(response) == [wanted.reference]
    assert "1 demande trouvée" in response.content.decode()


def test_an_unknown_reference_shows_the_empty_state(agent_client, cpas):
    response = agent_client.get(URL, {"mode": "reference", "reference": "ZZZZZZZZZZZZ"})
    assert response.status_code == 200
    assert "Aucune demande ne correspond à votre recherche" in response.content.decode()


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
    assert "doit suivre la date de début" in response.content.decode()


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
    ("page", "expected"), [("0", 1), ("abc", 1), ("-1", 1), ("999", 3), ("2.5", 1), ("", 1)]
)
def test_unknown_page_numbers_give_the_first_or_last_page(agent_client, cpas, page, expected):
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
    assert "La date de fin de la période doit suivre la date de début." in inverted.content.decode()
