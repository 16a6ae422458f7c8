"""The simulated SPP IS behind the connector interface the CPAS side uses
(`settings.SPPIS_CONNECTOR`; the Protocol is in docs/sppis-messages.md).

The CPAS side builds the connector with no argument and calls `send` and `answers`; it never
imports this app's models, so a connector to the real SPP IS can take this one's place.
"""

from __future__ import annotations

import json

from django.conf import settings

from sppis_simulator.selectors import UnknownAnswerError, answers_after
from sppis_simulator.services import answer_message, receive_message

__all__ = ["SimulatorConnector", "UnknownAnswerError"]


class SimulatorConnector:
    def __init__(self, *, process_now: bool | None = None):
        """`process_now`: answer each message as it is sent (default: SPPIS_PROCESS_NOW);
        otherwise `python manage.py sppis_process` answers the queue."""
        self.process_now = settings.SPPIS_PROCESS_NOW if process_now is None else process_now

    def send(self, message: dict) -> None:
        """Hands a form message (docs/schemas/sppis-form-v1.schema.json) to the SPP IS.

        Idempotent: a message_id already received stores nothing new, and a message already
        answered is not answered again. A message that breaks the schema is accepted here
        and answered with a refusal (MSG-FMT-01). Raises TypeError (a Decimal, a date) or
        ValueError (NaN) when `message` cannot be written as JSON: the caller's bug, found
        before anything is sent.
        """
        body = json.dumps(message, ensure_ascii=False, allow_nan=False).encode("utf-8")
        self.send_bytes(body)

    def send_bytes(self, body: bytes) -> None:
        """The same, for a body already serialised (what a network endpoint receives)."""
        received = receive_message(body=body)
        if self.process_now and received.processed_at is None:
            answer_message(received.pk)

    def answers(self, *, after: str | None = None) -> list[dict]:
        """The answer payloads (docs/schemas/sppis-answer-v1.schema.json) in the order the SPP
        IS made them: all, or those after the answer whose answer_id is `after`. Raises
        UnknownAnswerError (a LookupError) for an answer_id it never gave."""
        return answers_after(after)
