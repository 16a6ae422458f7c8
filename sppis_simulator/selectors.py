"""Reads of the simulated SPP IS: the answers, in the order they were committed."""

from __future__ import annotations

import uuid

from sppis_simulator.models import Answer


class UnknownAnswerError(LookupError):
    """`after` names no answer of this SPP IS (a typo, or a simulator database reset)."""


def answers_after(after: str | None = None) -> list[dict]:
    """The answers' payloads in sequence order: all of them, or those after the answer
    `after` (an answer_id). The sequence follows the commit order (`AnswerCounter`), so a
    reader that remembers the last answer_id it read never misses one."""
    answers = Answer.objects.order_by("sequence")
    if after is not None:
        try:
            sequence = Answer.objects.values_list("sequence", flat=True).get(
                answer_id=uuid.UUID(str(after))
            )
        except (ValueError, Answer.DoesNotExist) as error:
            raise UnknownAnswerError(after) from error
        answers = answers.filter(sequence__gt=sequence)
    return list(answers.values_list("payload", flat=True))
