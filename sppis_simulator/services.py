"""Writes of the simulated SPP IS: receiving a message, answering one, answering the queue.

- `receive_message` stores a message as it arrived; the same message_id twice stores one row
  (INSERT … ON CONFLICT DO NOTHING: the unique index decides, whoever sends at the same time).
- `answer_message` answers one message in its own transaction. The row is taken with
  SELECT … FOR UPDATE SKIP LOCKED and answered only if still unprocessed, and an answer is
  unique per message: two processes never answer one message, and a run interrupted halfway
  leaves each message either answered (committed) or untouched (rolled back). Its statements
  are `statements.py`'s (the throughput goal).
- `answer_pending` answers the queue in order, each message in its own transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from sppis_simulator import messages, rules, statements
from sppis_simulator.messages import Form, Malformed
from sppis_simulator.models import Answer, AnswerResult, ReceivedMessage, RecordedForm
from sppis_simulator.reference import Reference
from sppis_simulator.schema import ANSWER_SCHEMA_FILE, schema_id
from sppis_simulator.statements import Taken
from sppis_simulator.subsidy import Subsidy, compute_subsidy, days_lost

BATCH_SIZE = 500


def body_text(body: bytes) -> str:
    """The body as text a TEXT column takes on every database: cut to MAX_BODY_BYTES, bytes
    that are not UTF-8 and NUL characters (refused by PostgreSQL) as \\xNN escapes. A JSON
    body never carries a raw NUL (JSON escapes it), so a readable body is kept unchanged."""
    text = body[: messages.MAX_BODY_BYTES].decode("utf-8", errors="backslashreplace")
    return text.replace("\x00", "\\x00")


def receive_message(*, body: bytes, received_at: datetime | None = None) -> ReceivedMessage:
    """Stores `body` as received and returns its row: the existing one when a message with the
    same message_id arrived before (that first body is kept)."""
    try:
        data = messages.decode_json(body) if len(body) <= messages.MAX_BODY_BYTES else None
    except ValueError:
        data = None
    form = data.get("form") if isinstance(data, dict) else None
    form = form if isinstance(form, dict) else {}
    cpas = data.get("cpas") if isinstance(data, dict) else None
    ins_code = cpas.get("ins_code") if isinstance(cpas, dict) else None
    message = ReceivedMessage(
        message_id=messages.message_id_of(data),
        body=body_text(body),
        size=len(body),
        niss=messages.valid_niss(form.get("niss") if isinstance(form.get("niss"), str) else None)
        or "",
        form_type=form.get("type") if form.get("type") in ("B", "C") else "",
        # type(…) is int: `True in (0, 1)` holds in Python, and a boolean is no statut.
        notice_status=form.get("notice_status")
        if type(form.get("notice_status")) is int and form.get("notice_status") in (0, 1)
        else None,
        effective_date=messages.parse_date(
            form.get("effective_date") if isinstance(form.get("effective_date"), str) else None
        ),
        cpas_ins_code=ins_code
        if isinstance(ins_code, str) and len(ins_code) == 5 and ins_code.isdigit()
        else "",
        received_at=received_at or timezone.now(),
    )
    if message.message_id is None:
        message.save()
        return message
    ReceivedMessage.objects.bulk_create([message], ignore_conflicts=True)
    return ReceivedMessage.objects.get(message_id=message.message_id)


def read_received(message: Taken) -> Form | Malformed:
    if message.size > messages.MAX_BODY_BYTES:
        return messages.too_large()
    return messages.read(message.body.encode("utf-8"))


@dataclass(frozen=True)
class Outcome:
    decision: rules.Decision
    message_id: uuid.UUID | None
    form_reference: str | None
    subsidy: Subsidy | None = None


class Conflict(Exception):
    """Another transaction recorded a form this one contradicts (same date, same month's
    activation, or the correction's original already replaced)."""


def record(form: Form, message: Taken, history: rules.History) -> None:
    """Adds an accepted form to the SPP IS's database; a correction first retires the B it
    replaces. The partial unique constraints and the conditional UPDATE refuse what a
    concurrent transaction made contradictory (Conflict)."""
    replaces = history.b_on(form.effective_date) if form.is_correction else None
    month = rules.month_start(form.effective_date)
    try:
        with transaction.atomic():
            if replaces is not None and not statements.retire(replaces.pk):
                raise Conflict
            statements.insert(
                RecordedForm,
                {
                    "message": message.pk,
                    "niss": form.niss_digits,
                    "kind": form.kind,
                    "cpas_ins_code": form.cpas_ins_code,
                    "effective_date": form.effective_date,
                    "decision_date": form.decision_date,
                    "category": form.category,
                    "annual_amount": form.annual_amount if form.kind == "B" else None,
                    "piis_code": form.piis_code,
                    "shortage_code": form.shortage_code,
                    "beneficiary_activation_month": month
                    if form.has_beneficiary_activation
                    else None,
                    "partner_activation_month": month if form.has_partner_activation else None,
                    "nature": form.nature,
                    "current": True,
                    "replaces": replaces.pk if replaces else None,
                },
            )
    except IntegrityError as error:
        raise Conflict from error


def history_of(niss: str | None, message_pk: int) -> rules.History:
    if not niss:
        return rules.History()

    def judged_b_on(day) -> bool:
        # Rare (a correction with no accepted original): the ORM is fine here. A refused
        # correction is no original: resending it would otherwise correct nothing into a right.
        return (
            ReceivedMessage.objects.filter(
                niss=niss,
                form_type="B",
                notice_status=0,
                effective_date=day,
                answer__result__in=[AnswerResult.REFUSED, AnswerResult.BLOCKED],
            )
            .exclude(pk=message_pk)
            .exists()
        )

    return rules.History(statements.history(niss), judged_b_on)


def judge(form: Form, message: Taken, reference: Reference) -> rules.Decision:
    """The rules' decision; an accepted form is recorded. When recording meets a concurrent
    contradiction, the rules run again on the beneficiary's forms as they now are."""
    received_on = timezone.localdate(message.received_at)
    for _attempt in range(2):
        history = history_of(form.niss_digits, message.pk)
        context = rules.Context(history=history, reference=reference, received_on=received_on)
        decision = rules.decide(rules.evaluate(form, context=context), reference=reference)
        if decision.result != AnswerResult.ACCEPTED:
            return decision
        try:
            record(form, message, history)
        except Conflict:
            continue
        return decision
    # The rules saw no contradiction twice, yet the database refused: a duplicate whose
    # original is being corrected at this very moment. Safer to refuse than to guess.
    duplicate = rules.Finding("B-DUP-01", "form.notice_status")
    return rules.Decision(AnswerResult.REFUSED, (duplicate,), decision.warnings)


def outcome_of(message: Taken, reference: Reference) -> Outcome:
    read = read_received(message)
    if isinstance(read, Malformed):
        finding = rules.Finding(rules.FORMAT_CODE, None, " ; ".join(read.problems))
        decision = rules.Decision(AnswerResult.REFUSED, (finding,), ())
        return Outcome(decision, read.message_id, read.form_reference)
    decision = judge(read, message, reference)
    subsidy = None
    if decision.result == AnswerResult.ACCEPTED and read.kind == "B":
        subsidy = compute_subsidy(
            annual_amount=read.annual_amount,
            rate=reference.subsidy_rate(read.cpas_ins_code, read.effective_date.year),
            year=read.effective_date.year,
            piis_code=read.piis_code,
            days_lost=days_lost(
                decision_date=read.decision_date,
                sent_on=timezone.localdate(message.received_at),
            ),
        )
    return Outcome(decision, read.message_id, read.form_reference, subsidy)


def finding_json(finding: rules.Finding, reference: Reference) -> dict:
    text = reference.code(finding.code)
    return {
        "code": finding.code,
        "title": text.title,
        "explanation": text.explanation,
        "blocking": text.blocking,
        "field": finding.field,
        "detail": finding.detail,
    }


def answer_payload(
    outcome: Outcome, *, answer_id: uuid.UUID, answered_at: datetime, reference: Reference
) -> dict:
    decision = outcome.decision
    return {
        "schema": schema_id(ANSWER_SCHEMA_FILE),
        "answer_id": str(answer_id),
        "message_id": str(outcome.message_id) if outcome.message_id else None,
        "form_reference": outcome.form_reference,
        "answered_at": answered_at.isoformat(),
        "result": str(decision.result),
        "errors": [finding_json(f, reference) for f in decision.errors],
        "warnings": [finding_json(f, reference) for f in decision.warnings],
        "subsidy": outcome.subsidy.as_json() if outcome.subsidy else None,
    }


def answer_message(message_pk: int, *, reference: Reference | None = None) -> dict | None:
    """Answers one message in its own transaction and returns the answer's payload; None when
    it is already answered, or being answered by another process (its row is locked:
    skipped, not waited for)."""
    reference = reference or Reference()
    with transaction.atomic():
        message = statements.take(message_pk)
        if message is None:
            return None
        # The SPP IS answers in the installation's language, that of its error-code table,
        # whoever's request (an agent's, in Dutch, with process_now) triggered it.
        with translation.override(settings.LANGUAGE_CODE):
            outcome = outcome_of(message, reference)
        now = timezone.now()
        answer_id = uuid.uuid4()
        payload = answer_payload(outcome, answer_id=answer_id, answered_at=now, reference=reference)
        statements.insert(
            Answer,
            {
                "message": message.pk,
                "answer_id": answer_id,
                # Last but one: the counter's lock is then held for two short statements.
                "sequence": statements.next_sequence(),
                "result": outcome.decision.result.value,
                "payload": payload,
                "answered_at": now,
            },
        )
        statements.mark_answered(message.pk, now)
    return payload


def answer_pending(*, batch_size: int = BATCH_SIZE) -> int:
    """Answers every unprocessed message, oldest first, each in its own transaction; returns
    how many this call answered. Messages locked by another process are left to it, and the
    walk moves forward by primary key, so it ends even while another process works."""
    reference = Reference()
    answered = 0
    last_pk = 0
    while True:
        pks = list(
            ReceivedMessage.objects.filter(processed_at__isnull=True, pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return answered
        for pk in pks:
            if answer_message(pk, reference=reference) is not None:
                answered += 1
        last_pk = pks[-1]
