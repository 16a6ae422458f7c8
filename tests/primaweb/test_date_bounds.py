"""Issue #12 "Dates": every date field refuses years before 1900 and after 2100, on its field.

The date fields: the citizen's birth date, the request list's period (from / until), the three
birth-date boxes of the identification form (the year box carries the message) and the Admin-Logs
period (from / to). A far date used to reach the queries: `?date_from=01/01/0001` on Admin-Logs
answered 500 (an aware datetime made from `date.min` overflows).
"""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from primaweb.dates import (
    MAX_YEAR,
    MIN_YEAR,
    BoundedDateField,
    validate_year,
    validate_year_in_range,
)
from requests_online.models import OnlineRequest
from tests.dossiers.test_identify import phonetic as phonetic_identification
from tests.factories import OnlineRequestFactory
from tests.requests_online.test_citizen_form import valid_data as citizen_form_data
from tests.security.hostile import check

pytestmark = pytest.mark.django_db

MESSAGE = "L'année doit être comprise entre 1900 et 2100."
CITIZEN_URL = reverse("requests_online:citizen_form")
REQUEST_LIST_URL = reverse("requests_online:list")
IDENTIFY_URL = reverse("dossiers:identify")
ACCESS_LOG_URL = reverse("accesslog:access_log")
CITIZEN = citizen_form_data()
REQUEST_FILTER = {"mode": "demandes", "state": "non_lues"}
IDENTIFICATION = phonetic_identification()
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same cases on every run, as the hostile-input tests
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Any date Python knows, and more of them near the bounds.
any_date = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.dates(min_value=date(MIN_YEAR - 5, 1, 1), max_value=date(MAX_YEAR + 5, 12, 31)),
)
typed_text = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\A\d{1,2}/\d{1,2}/\d{1,6}\Z"),
    st.sampled_from(["00/00/0000", "31/02/2024", "01/01/99999", "\x00", "٣/٣/١٩٩٧"]),
)


@pytest.fixture
def unthrottled(settings):
    # The citizen form accepts 5 submissions an hour per address; here we want the validation.
    settings.REQUESTS_ONLINE_SUBMISSIONS_PER_HOUR = 10**9


def typed(day: date) -> str:
    """A date as the user types it, JJ/MM/AAAA, the year on 4 digits (0001, not 1)."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def errors_on(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def assert_message_on(response, field: str) -> None:
    """200, the form shown again with the message on this field (and in the page)."""
    assert response.status_code == 200
    assert any(MESSAGE in error for error in errors_on(response, field)), errors_on(response, field)
    assert MESSAGE in html.unescape(response.content.decode())


# --- the reusable piece ----------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(1997, 3, 24), date(2100, 12, 31)])
def test_the_validator_accepts_the_years_from_1900_to_2100(day):
    validate_year_in_range(day)
    assert BoundedDateField().clean(typed(day)) == day


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31)]
)
def test_the_validator_refuses_the_years_before_1900_and_after_2100(day):
    with pytest.raises(ValidationError) as refused:
        validate_year_in_range(day)
    assert refused.value.code == "year_range"
    assert refused.value.messages == [MESSAGE]
    with pytest.raises(ValidationError) as refused_by_field:
        BoundedDateField().clean(typed(day))
    assert refused_by_field.value.messages == [MESSAGE]


def test_a_year_typed_in_a_box_of_its_own_is_checked_with_the_same_bounds():
    validate_year(MIN_YEAR)
    validate_year(MAX_YEAR)
    for year in (0, MIN_YEAR - 1, MAX_YEAR + 1):
        with pytest.raises(ValidationError):
            validate_year(year)


def test_the_field_keeps_the_other_messages_of_a_date_field():
    with pytest.raises(ValidationError) as refused:
        BoundedDateField().clean("31/02/2024")
    assert refused.value.code == "invalid"
    assert BoundedDateField(required=False).clean("") is None


# --- the citizen form: birth date -------------------------------------------------------------


@pytest.mark.parametrize("birth_date", ["01/01/1899", "01/01/2101", "01/01/0001", "31/12/9999"])
def test_the_citizen_birth_date_out_of_bounds_gets_the_message_on_its_field(
    client, cpas, unthrottled, birth_date
):
    response = client.post(CITIZEN_URL, {**CITIZEN, "birth_date": birth_date})
    assert_message_on(response, "birth_date")
    # The citizen form's own words stay: an invalid birth date.
    assert "Date de naissance invalide." in errors_on(response, "birth_date")[0]


def test_the_citizen_birth_date_accepts_1900(client, cpas, unthrottled):
    response = client.post(CITIZEN_URL, {**CITIZEN, "birth_date": "01/01/1900"})
    assert response.status_code == 302
    assert OnlineRequest.objects.get().birth_date == date(1900, 1, 1)


def test_the_citizen_birth_date_in_2100_is_refused_as_a_future_date_not_for_its_year(
    client, cpas, unthrottled
):
    response = client.post(CITIZEN_URL, {**CITIZEN, "birth_date": "01/01/2100"})
    assert response.status_code == 200
    assert errors_on(response, "birth_date") == ["Date de naissance invalide."]


# --- the request list: submitted from / until ------------------------------------------------


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["01/01/1899", "01/01/2101", "01/01/0001", "31/12/9999"])
def test_the_request_list_period_out_of_bounds_gets_the_message_on_its_field(
    agent_client, cpas, field, value
):
    response = agent_client.get(REQUEST_LIST_URL, {**REQUEST_FILTER, field: value})
    assert_message_on(response, field)


def test_the_request_list_period_accepts_1900_to_2100(agent_client, cpas):
    request = OnlineRequestFactory(cpas=cpas)
    response = agent_client.get(
        REQUEST_LIST_URL, {**REQUEST_FILTER, "date_from": "01/01/1900", "date_to": "31/12/2100"}
    )
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert request.reference in response.content.decode()


# --- the identification form: birth day / month / year boxes --------------------------------


@pytest.mark.parametrize("year", ["1899", "2101", "0000", "3000", "0001", "9999", "1"])
def test_the_identification_year_box_out_of_bounds_gets_the_message(agent_client, year):
    response = agent_client.get(IDENTIFY_URL, {**IDENTIFICATION, "birth_year": year})
    assert_message_on(response, "birth_year")
    assert "Année de naissance invalide." in errors_on(response, "birth_year")[0]
    assert "Liste des personnes trouvées" not in response.content.decode()


@pytest.mark.parametrize(("day", "month"), [("01", "01"), ("00", "01"), ("00", "00")])
def test_the_identification_accepts_1900_with_00_for_an_unknown_day_or_month(
    agent_client, day, month
):
    response = agent_client.get(
        IDENTIFY_URL,
        {**IDENTIFICATION, "birth_day": day, "birth_month": month, "birth_year": "1900"},
    )
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "Liste des personnes trouvées" in response.content.decode()


def test_the_identification_year_2100_is_refused_as_a_future_year_not_for_its_bounds(
    agent_client,
):
    response = agent_client.get(IDENTIFY_URL, {**IDENTIFICATION, "birth_year": "2100"})
    assert response.status_code == 200
    assert errors_on(response, "birth_year") == ["Année de naissance invalide."]


# --- Admin-Logs: from / to ------------------------------------------------------------------


def test_admin_logs_from_01_01_0001_answers_200_with_the_message_not_500(cpas_admin_client):
    response = cpas_admin_client.get(ACCESS_LOG_URL, {"date_from": "01/01/0001"})
    assert_message_on(response, "date_from")


def test_admin_logs_to_31_12_9999_answers_200_with_the_message_not_500(cpas_admin_client):
    response = cpas_admin_client.get(ACCESS_LOG_URL, {"date_to": "31/12/9999"})
    assert_message_on(response, "date_to")


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("value", ["01/01/1899", "01/01/2101", "1899-12-31", "0001-01-01"])
def test_the_admin_logs_period_out_of_bounds_gets_the_message_on_its_field(
    cpas_admin_client, field, value
):
    response = cpas_admin_client.get(ACCESS_LOG_URL, {field: value})
    assert_message_on(response, field)


def test_the_admin_logs_period_accepts_1900_to_2100(cpas_admin_client):
    response = cpas_admin_client.get(
        ACCESS_LOG_URL, {"date_from": "01/01/1900", "date_to": "31/12/2100"}
    )
    assert response.status_code == 200
    assert not response.context["form"].errors


# --- generated input: never a 500, and the message whenever the year is out of bounds -------


def out_of_bounds_year(year: int) -> bool:
    return not MIN_YEAR <= year <= MAX_YEAR


def out_of_bounds(day: date) -> bool:
    return out_of_bounds_year(day.year)


@HYPOTHESIS
@given(day=any_date)
@example(day=date(1, 1, 1))
@example(day=date(9999, 12, 31))
@example(day=date(1899, 12, 31))
@example(day=date(1900, 1, 1))
def test_any_date_as_citizen_birth_date_never_gives_a_500(day, client, cpas, unthrottled):
    response = client.post(CITIZEN_URL, {**CITIZEN, "birth_date": typed(day)})
    check(response, allowed=(200, 302))
    if out_of_bounds(day):
        assert_message_on(response, "birth_date")
    elif response.status_code == 200:
        assert not any(MESSAGE in error for error in errors_on(response, "birth_date"))


@HYPOTHESIS
@given(text=typed_text)
def test_any_text_as_citizen_birth_date_never_gives_a_500(text, client, cpas, unthrottled):
    check(client.post(CITIZEN_URL, {**CITIZEN, "birth_date": text}), allowed=(200, 302))


@HYPOTHESIS
@given(field=st.sampled_from(["date_from", "date_to"]), day=any_date)
@example(field="date_from", day=date(1, 1, 1))
@example(field="date_to", day=date(9999, 12, 31))
def test_any_date_in_the_request_list_period_never_gives_a_500(field, day, agent_client, cpas):
    response = agent_client.get(REQUEST_LIST_URL, {**REQUEST_FILTER, field: typed(day)})
    check(response)
    if out_of_bounds(day):
        assert_message_on(response, field)
    else:
        assert not response.context["form"].errors


@HYPOTHESIS
@given(date_from=typed_text, date_to=typed_text)
def test_any_text_in_the_request_list_period_never_gives_a_500(
    date_from, date_to, agent_client, cpas
):
    query = {**REQUEST_FILTER, "date_from": date_from, "date_to": date_to}
    check(agent_client.get(REQUEST_LIST_URL, query))


@HYPOTHESIS
@given(day=any_date, unknown=st.sampled_from(["", "day", "day and month"]))
@example(day=date(1, 1, 1), unknown="")
@example(day=date(9999, 12, 31), unknown="day and month")
def test_any_date_in_the_identification_boxes_never_gives_a_500(day, unknown, agent_client):
    boxes = {
        "birth_day": "00" if unknown else f"{day.day:02d}",
        "birth_month": "00" if unknown == "day and month" else f"{day.month:02d}",
        "birth_year": f"{day.year:04d}",
    }
    response = agent_client.get(IDENTIFY_URL, {**IDENTIFICATION, **boxes})
    check(response)
    if out_of_bounds(day):
        assert_message_on(response, "birth_year")
    else:
        assert not any(MESSAGE in error for error in errors_on(response, "birth_year"))


@HYPOTHESIS
@given(day=typed_text, month=typed_text, year=typed_text)
@example(day="00", month="00", year="0000")
@example(day="01", month="01", year="3000")
def test_any_text_in_the_identification_boxes_never_gives_a_500(day, month, year, agent_client):
    boxes = {"birth_day": day, "birth_month": month, "birth_year": year}
    response = agent_client.get(IDENTIFY_URL, {**IDENTIFICATION, **boxes})
    check(response)
    form = response.context["form"]
    # The year box is checked once the three boxes hold digits (up to 4 for the year).
    digits = all(
        box.strip().isascii() and box.strip().isdigit() and len(box) <= limit
        for box, limit in ((day, 2), (month, 2), (year, 4))
    )
    if digits and out_of_bounds_year(int(year)):
        assert any(MESSAGE in error for error in form.errors.get("birth_year", []))


@HYPOTHESIS
@given(field=st.sampled_from(["date_from", "date_to"]), day=any_date, iso=st.booleans())
@example(field="date_from", day=date(1, 1, 1), iso=False)
@example(field="date_to", day=date(9999, 12, 31), iso=False)
@example(field="date_from", day=date(1, 1, 1), iso=True)
def test_any_date_in_the_admin_logs_period_never_gives_a_500(field, day, iso, cpas_admin_client):
    value = f"{day.year:04d}-{day.month:02d}-{day.day:02d}" if iso else typed(day)
    response = cpas_admin_client.get(ACCESS_LOG_URL, {field: value})
    check(response)
    if out_of_bounds(day):
        assert_message_on(response, field)
    else:
        assert not response.context["form"].errors


@HYPOTHESIS
@given(date_from=typed_text, date_to=typed_text)
def test_any_text_in_the_admin_logs_period_never_gives_a_500(date_from, date_to, cpas_admin_client):
    response = cpas_admin_client.get(ACCESS_LOG_URL, {"date_from": date_from, "date_to": date_to})
    check(response)
