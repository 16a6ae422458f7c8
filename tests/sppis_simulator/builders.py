"""Form messages as the CPAS side sends them (docs/sppis-messages.md), and a shortcut that
sends one to the simulator and returns its answer."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time

from django.utils import timezone

from sppis_simulator.services import answer_message, receive_message
from tests.factories import make_niss

NISS = make_niss(1985, 6, 12, 123)
OTHER_NISS = make_niss(1990, 2, 3, 456)
# NISS with its check digits off by one: a wrong checksum.
WRONG_NISS = NISS[:9] + f"{(int(NISS[9:]) + 1) % 100:02d}"
INS_CODE = "73028"


def cpas(ins_code: str = INS_CODE) -> dict:
    return {"name": "CPAS de Herstappe", "ins_code": ins_code, "bce_number": "0212345680"}


def form_b(**form) -> dict:
    """A valid formulaire B: isolé, 1,000 € a year from 01/03/2025, decided on 15/03/2025."""
    body = {
        "type": "B",
        "niss": NISS,
        "effective_date": "2025-03-01",
        "decision_date": "2025-03-15",
        "category": 2,
        "notice_status": 0,
        "annual_amount": "12000.00",
        "art35_income_annual": None,
        "other_resources": [],
        "piis_code": None,
        "shortage_code": None,
        "activation_beneficiary": None,
        "activation_partner": None,
        "household": {"unmarried_minor_children": 0},
    }
    body.update(form)
    return envelope(body)


def form_c(**form) -> dict:
    """A valid formulaire C: a withdrawal from 01/06/2025, decided on 10/06/2025."""
    body = {
        "type": "C",
        "niss": NISS,
        "effective_date": "2025-06-01",
        "decision_date": "2025-06-10",
        "nature": 2,
        "end_date": "2025-05-31",
        "regularisation": 0,
    }
    body.update(form)
    return envelope(body)


def envelope(form: dict, *, ins_code: str = INS_CODE) -> dict:
    return {
        "schema": "urn:primaweb:sppis-form:1",
        "message_id": str(uuid.uuid4()),
        "sent_at": "2025-03-20T10:00:00+01:00",
        "cpas": cpas(ins_code),
        "form_reference": "B-2025-000001",
        "form": form,
    }


def received_at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def answer(message: dict | bytes, *, on: date = date(2025, 3, 20)) -> dict:
    """Sends the message (received at 10:00 on `on`), answers it, returns the answer payload."""
    body = message if isinstance(message, bytes) else json.dumps(message).encode()
    received = receive_message(body=body, received_at=received_at(on))
    answer_message(received.pk)
    received.refresh_from_db()
    return received.answer.payload


def codes(payload: dict) -> list[str]:
    return [error["code"] for error in payload["errors"]]


def warning_codes(payload: dict) -> list[str]:
    return [warning["code"] for warning in payload["warnings"]]
