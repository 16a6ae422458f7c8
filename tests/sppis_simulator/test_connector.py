"""The connector the CPAS side uses (settings.SPPIS_CONNECTOR): idempotent sending, answers
in order after a cursor, and answering at once when asked."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.module_loading import import_string

from sppis_simulator.connector import SimulatorConnector, UnknownAnswerError
from sppis_simulator.models import Answer, ReceivedMessage
from tests.sppis_simulator.builders import OTHER_NISS, form_b

pytestmark = pytest.mark.django_db


def test_the_settings_connector_is_the_simulator_built_without_arguments():
    connector = import_string(settings.SPPIS_CONNECTOR)()
    assert isinstance(connector, SimulatorConnector)
    assert connector.process_now is False  # DEBUG is off in the tests


def test_the_same_message_sent_twice_is_stored_and_answered_once():
    connector = SimulatorConnector()
    message = form_b()
    connector.send(message)
    connector.send(message)
    changed = {**message, "form_reference": "B-2025-999999"}
    connector.send(changed)
    assert ReceivedMessage.objects.count() == 1
    stored = json.loads(ReceivedMessage.objects.get().body)
    assert stored["form_reference"] == "B-2025-000001"  # the first body is kept
    call_command("sppis_process", stdout=None)
    connector.send(message)
    call_command("sppis_process", stdout=None)
    [answer] = connector.answers()
    assert answer["message_id"] == message["message_id"]
    assert Answer.objects.count() == 1


def test_process_now_answers_at_once_and_only_once():
    connector = SimulatorConnector(process_now=True)
    message = form_b()
    connector.send(message)
    connector.send(message)
    [answer] = connector.answers()
    assert answer["result"] == "accepted"
    assert answer["form_reference"] == "B-2025-000001"


@override_settings(SPPIS_PROCESS_NOW=True)
def test_the_process_now_setting_is_the_default():
    connector = SimulatorConnector()
    connector.send(form_b())
    assert len(connector.answers()) == 1


def test_answers_after_a_cursor_are_those_made_later_in_order():
    connector = SimulatorConnector(process_now=True)
    sent = [form_b(), form_b(niss=OTHER_NISS), form_b(category=9)]
    for message in sent:
        connector.send(message)
    answers = connector.answers()
    assert [a["message_id"] for a in answers] == [m["message_id"] for m in sent]
    assert [a["result"] for a in answers] == ["accepted", "accepted", "refused"]
    after_first = connector.answers(after=answers[0]["answer_id"])
    assert after_first == answers[1:]
    assert connector.answers(after=answers[-1]["answer_id"]) == []


def test_an_unknown_cursor_is_an_error_not_an_empty_list():
    connector = SimulatorConnector()
    with pytest.raises(UnknownAnswerError):
        connector.answers(after="0b8f6a5e-3c1d-4b7a-9a55-2f1e8c7d6b40")
    with pytest.raises(LookupError):
        connector.answers(after="not a uuid")


def test_a_message_that_is_not_json_serialisable_is_the_caller_s_bug_and_nothing_is_stored():
    connector = SimulatorConnector(process_now=True)
    with pytest.raises(TypeError):
        connector.send(form_b(annual_amount=Decimal("12000.00")))
    with pytest.raises(ValueError):
        connector.send({**form_b(), "sent_at": float("nan")})
    assert not ReceivedMessage.objects.exists()


def test_a_malformed_message_is_answered_with_a_refusal_not_an_exception():
    connector = SimulatorConnector(process_now=True)
    connector.send({"message_id": "4c19991c-fd73-4f70-abf2-22f134f548f2", "hello": "SPP IS"})
    connector.send_bytes(b"\x00\x01 not json")
    first, second = connector.answers()
    assert first["message_id"] == "4c19991c-fd73-4f70-abf2-22f134f548f2"
    assert second["message_id"] is None
    assert {first["result"], second["result"]} == {"refused"}
    assert first["errors"][0]["code"] == "MSG-FMT-01"
    assert "clé obligatoire absente" in first["errors"][0]["detail"]
