"""`sppis_process`: each message answered once, in its own transaction, whatever happens to
the run (interrupted, or several at once on PostgreSQL)."""

from __future__ import annotations

import io
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from sppis_simulator import services
from sppis_simulator.connector import SimulatorConnector
from sppis_simulator.models import Answer, ReceivedMessage, RecordedForm
from tests.factories import make_niss
from tests.sppis_simulator.builders import form_b

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: needs PostgreSQL"
)


def queue(count: int, **form) -> list[dict]:
    connector = SimulatorConnector(process_now=False)
    messages = [form_b(niss=make_niss(1980, 1, 1 + n % 28, 100 + n), **form) for n in range(count)]
    for message in messages:
        connector.send(message)
    return messages


def process() -> str:
    out = io.StringIO()
    call_command("sppis_process", stdout=out)
    return out.getvalue()


def assert_each_answered_once(count: int) -> None:
    assert ReceivedMessage.objects.filter(processed_at__isnull=True).count() == 0
    per_message = Counter(Answer.objects.values_list("message_id", flat=True))
    assert len(per_message) == count and set(per_message.values()) == {1}
    sequences = sorted(Answer.objects.values_list("sequence", flat=True))
    assert sequences == list(range(sequences[0], sequences[0] + count))


@pytest.mark.django_db
def test_the_command_answers_the_queue_then_has_nothing_left():
    queue(5)
    assert process() == "5 message(s) traité(s).\n"
    assert process() == "0 message(s) traité(s).\n"
    assert_each_answered_once(5)
    assert set(ReceivedMessage.objects.values_list("state", flat=True)) == {"repondu"}
    assert RecordedForm.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_a_run_interrupted_halfway_then_run_again_answers_each_message_exactly_once(monkeypatch):
    queue(10)
    real = services.outcome_of
    calls = {"n": 0}

    def dies_at_the_sixth(message, reference):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt  # the operator's Ctrl-C, or the machine going down
        return real(message, reference)

    monkeypatch.setattr(services, "outcome_of", dies_at_the_sixth)
    with pytest.raises(KeyboardInterrupt):
        process()
    first_answers = dict(Answer.objects.values_list("message_id", "answer_id"))
    assert len(first_answers) == 5
    assert ReceivedMessage.objects.filter(processed_at__isnull=True).count() == 5
    assert RecordedForm.objects.count() == 5  # the sixth's form was rolled back with it

    monkeypatch.setattr(services, "outcome_of", real)
    assert process() == "5 message(s) traité(s).\n"
    assert_each_answered_once(10)
    assert RecordedForm.objects.count() == 10
    kept = dict(
        Answer.objects.filter(message_id__in=first_answers).values_list("message_id", "answer_id")
    )
    assert kept == first_answers  # the answers of the first run stay as they were


def run_together(count: int, action) -> list:
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def work(index):
        try:
            barrier.wait(timeout=20)
            outcomes[index] = action(index)
        except Exception as error:  # reported by the callers' assertions
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_four_processes_at_once_answer_each_message_once():
    queue(200)
    outcomes = run_together(4, lambda n: services.answer_pending(batch_size=25))
    assert all(isinstance(o, int) for o in outcomes), outcomes
    assert sum(outcomes) == 200
    assert_each_answered_once(200)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_message_locked_by_another_process_is_skipped_not_waited_for():
    queue(3)
    locked = ReceivedMessage.objects.order_by("pk").first()
    holding, release = threading.Event(), threading.Event()

    def other_process():
        with transaction.atomic():
            ReceivedMessage.objects.select_for_update().get(pk=locked.pk)
            holding.set()
            release.wait(timeout=30)
        connection.close()

    thread = threading.Thread(target=other_process)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        assert services.answer_pending() == 2
        assert not Answer.objects.filter(message=locked).exists()
    finally:
        release.set()
        thread.join(timeout=30)
    assert services.answer_pending() == 1
    assert_each_answered_once(3)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_b_answered_by_eight_processes_at_once_is_accepted_once():
    connector = SimulatorConnector(process_now=False)
    messages = [form_b() for _ in range(8)]  # eight message_ids, one NISS and date
    for message in messages:
        connector.send(message)
    pks = list(ReceivedMessage.objects.order_by("pk").values_list("pk", flat=True))
    outcomes = run_together(8, lambda n: services.answer_message(pks[n])["result"])
    assert sorted(outcomes) == ["accepted"] + ["refused"] * 7, outcomes
    refusals = Answer.objects.filter(result="refused")
    assert {a.payload["errors"][0]["code"] for a in refusals} == {"B-DUP-01"}
    assert RecordedForm.objects.filter(current=True).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_same_message_sent_by_eight_agents_at_once_is_stored_once():
    message = form_b()
    outcomes = run_together(8, lambda n: SimulatorConnector(process_now=True).send(message))
    assert outcomes == [None] * 8, outcomes
    assert ReceivedMessage.objects.count() == 1
    assert Answer.objects.count() == 1
