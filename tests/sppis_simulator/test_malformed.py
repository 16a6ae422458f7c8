"""Whatever arrives, the simulator answers and never crashes: any bytes, any JSON document,
and well-formed forms whose values are absurd each get one answer that matches the answer
schema. Derandomized: the same cases on every run."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sppis_simulator.models import Answer, ReceivedMessage
from sppis_simulator.schema import answer_validator
from sppis_simulator.services import answer_message, receive_message
from tests.sppis_simulator.builders import NISS, form_b, form_c

pytestmark = pytest.mark.django_db

CASES = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
nasty_text = st.sampled_from(
    ["", "\x00", "🙂", "'; DROP TABLE x;--", "<script>", "9" * 400, "2025-02-30", "0000-00-00"]
) | st.text(max_size=40)
date_like = st.sampled_from(
    [
        "2025-02-29",
        "2024-02-29",
        "1899-12-31",
        "2100-12-31",
        "2101-01-01",
        "9999-12-31",
        "0001-01-01",
        "2025-13-01",
        "2025-00-10",
    ]
) | st.dates().map(str)
amount_like = st.sampled_from(["0", "0.00", "999999999.99", "0.01", "12000.5"]) | st.decimals(
    min_value=0, max_value=999_999_999, places=2, allow_nan=False
).map(str)
# Per key of a formulaire B or C: values of the right shape, absurd ones, and anything at all.
ABSURD = {
    "niss": st.none() | nasty_text | st.just(NISS) | st.from_regex(r"\A[0-9]{11}\Z"),
    "effective_date": st.none() | date_like,
    "decision_date": st.none() | date_like,
    "end_date": st.none() | date_like,
    "category": st.none() | st.integers(-999, 999),
    "nature": st.none() | st.integers(-999, 999),
    "notice_status": st.sampled_from([0, 1]),
    "annual_amount": amount_like,
    "art35_income_annual": st.none() | amount_like,
    "piis_code": st.none() | st.integers(1, 99),
    "shortage_code": st.sampled_from([None, 9]),
    "activation_beneficiary": st.none() | amount_like,
    "activation_partner": st.none() | amount_like,
    "household": st.fixed_dictionaries({"unmarried_minor_children": st.integers(0, 30)}),
    "other_resources": st.lists(
        st.fixed_dictionaries(
            {"type": st.from_regex(r"\A[a-z][a-z0-9_]{0,39}\Z"), "annual": amount_like}
        ),
        max_size=25,
    ),
    "regularisation": st.sampled_from([0, 1]),
}


def answer_of(body: bytes) -> dict:
    received = receive_message(body=body)
    answer_message(received.pk)
    payload = Answer.objects.get(message=received).payload
    assert answer_validator().problems(payload) == [], payload
    json.dumps(payload)
    return payload


@CASES
@given(body=st.binary(max_size=600))
def test_any_bytes_get_an_answer_and_never_an_error(body):
    payload = answer_of(body)
    assert payload["result"] == "refused"


@CASES
@given(document=json_values)
def test_any_json_document_gets_a_refusal(document):
    payload = answer_of(json.dumps(document).encode())
    assert payload["result"] == "refused"
    assert [error["code"] for error in payload["errors"]] == ["MSG-FMT-01"]


@CASES
@given(kind=st.sampled_from("BC"), data=st.data())
def test_a_form_with_absurd_values_gets_one_answer(kind, data):
    message = form_b() if kind == "B" else form_c()
    for key in message["form"]:
        if key != "type" and data.draw(st.booleans()):
            message["form"][key] = data.draw(ABSURD[key] | json_values)
    if data.draw(st.booleans()):
        message[data.draw(st.sampled_from(sorted(message)))] = data.draw(json_values)
    payload = answer_of(json.dumps(message).encode())
    assert payload["result"] in {"accepted", "refused", "blocked"}


@CASES
@given(
    message_id=st.uuids().map(str) | st.text(alphabet=string.hexdigits + "-", max_size=40),
    repeats=st.integers(1, 3),
)
def test_a_malformed_message_sent_again_is_stored_and_answered_once(message_id, repeats):
    body = json.dumps({"message_id": message_id, "junk": True}).encode()
    rows = {receive_message(body=body).pk for _ in range(repeats)}
    if ReceivedMessage.objects.get(pk=min(rows)).message_id is not None:
        assert len(rows) == 1
    for pk in rows:
        answer_message(pk)
        answer_message(pk)
    assert Answer.objects.filter(message__pk__in=rows).count() == len(rows)
