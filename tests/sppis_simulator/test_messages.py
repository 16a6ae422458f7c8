"""The message schema (docs/schemas/): the interpreter that enforces it, the documented
examples, and the answers, which must match the answer schema."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sppis_simulator import messages
from sppis_simulator.schema import SCHEMA_DIR, SchemaError, Validator, answer_validator
from tests.sppis_simulator.builders import (
    NISS,
    OTHER_NISS,
    WRONG_NISS,
    answer,
    codes,
    form_b,
    form_c,
)

DOCS = SCHEMA_DIR.parent / "sppis-messages.md"


def documented_examples() -> dict[str, dict]:
    """The JSON blocks of docs/sppis-messages.md that follow a line `Example: <name>`."""
    examples, name = {}, None
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.startswith("Example: "):
            name = line.removeprefix("Example: ").strip("` ")
        elif line == "```json" and name:
            end = lines.index("```", index + 1)
            examples[name] = json.loads("\n".join(lines[index + 1 : end]))
            name = None
    return examples


def test_the_documented_form_examples_are_valid_messages():
    examples = documented_examples()
    forms = {name: value for name, value in examples.items() if name.startswith("form")}
    assert set(forms) >= {"form B", "form C"}
    for name, example in forms.items():
        assert isinstance(messages.read_data(example), messages.Form), name


def test_the_documented_answer_examples_match_the_answer_schema():
    examples = documented_examples()
    answers = {name: value for name, value in examples.items() if name.startswith("answer")}
    assert set(answers) >= {"answer accepted", "answer refused"}
    for name, example in answers.items():
        assert answer_validator().problems(example) == [], name


def test_a_valid_form_b_is_read_as_typed_values():
    form = messages.read(json.dumps(form_b(piis_code=11, activation_partner="12.5")).encode())
    assert form.kind == "B"
    assert form.niss_digits == NISS
    assert form.effective_date == date(2025, 3, 1)
    assert str(form.annual_amount) == "12000.00"
    assert form.has_partner_activation and not form.has_beneficiary_activation


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"annual_amount": 12000}, "form.annual_amount : string attendu, integer reçu"),
        ({"annual_amount": "12000,00"}, "form.annual_amount : format incorrect"),
        ({"annual_amount": "-5"}, "form.annual_amount : format incorrect"),
        ({"annual_amount": "1.234"}, "form.annual_amount : format incorrect"),
        ({"category": True}, "form.category : integer | null attendu, boolean reçu"),
        ({"category": 2.0}, "form.category : integer | null attendu, number reçu"),
        ({"notice_status": 2}, "form.notice_status : une des valeurs [0, 1] attendue"),
        ({"notice_status": False}, "form.notice_status : une des valeurs [0, 1] attendue"),
        ({"shortage_code": 8}, "form.shortage_code : une des valeurs [9, null] attendue"),
        ({"household": {}}, "form.household.unmarried_minor_children : clé obligatoire absente"),
        ({"other_resources": [{"type": "pension"}]}, "form.other_resources[0].annual : clé"),
        ({"effective_date": "01/03/2025"}, "form.effective_date : format incorrect"),
        ({"surprise": 1}, "form : 1 clé(s) inconnue(s)"),
    ],
)
def test_a_form_that_breaks_the_schema_is_malformed_with_the_rubrique_named(change, problem):
    read = messages.read_data(form_b(**change))
    assert isinstance(read, messages.Malformed)
    assert any(found.startswith(problem) for found in read.problems), read.problems


def test_a_malformed_message_keeps_its_readable_message_id_and_reference():
    message = form_b(category="2")
    read = messages.read_data(message)
    assert str(read.message_id) == message["message_id"]
    assert read.form_reference == "B-2025-000001"


def test_another_schema_version_is_malformed():
    read = messages.read_data({**form_b(), "schema": "urn:primaweb:sppis-form:2"})
    assert read.problems == ("schema : version du message non prise en charge",)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b'{"a": NaN}',
        b'{"a": 1, "a": 2}',
        b"[" * 100_000,
        b" " * (messages.MAX_BODY_BYTES + 1),
    ],
)
def test_bytes_that_are_not_a_json_document_are_malformed(body):
    assert isinstance(messages.read(body), messages.Malformed)


def test_the_interpreter_refuses_a_schema_keyword_it_does_not_check():
    with pytest.raises(SchemaError):
        Validator({"type": "object", "patternProperties": {}})
    with pytest.raises(SchemaError):
        Validator({"type": "string", "format": "email"})


@pytest.mark.django_db
def test_every_kind_of_answer_matches_the_answer_schema():
    payloads = [
        answer(form_b()),
        answer(form_b(category=9)),
        answer(form_b(niss=WRONG_NISS, category=3)),
        answer(form_c(nature=1)),
        answer(b"\x00garbage"),
        answer(form_b(niss=OTHER_NISS), on=date(2025, 6, 1)),
    ]
    for payload in payloads:
        assert answer_validator().problems(payload) == [], payload
    assert codes(payloads[4]) == ["MSG-FMT-01"]
