"""Reading a received message: bytes in, a typed `Form` or the reasons it is unreadable out.

Nothing here raises on bad input: any bytes give either a `Form` or a `Malformed` (answered
with MSG-FMT-01). The structure is checked against docs/schemas/sppis-form-v1.schema.json
(`schema.py`); what the rules judge (a NISS's checksum, an impossible date, a category
outside 1-3) is left to them, so that the refusal names the rubrique to correct.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from primaweb.dates import MAX_YEAR, MIN_YEAR
from registry.niss import normalize_niss
from sppis_simulator.schema import FORM_SCHEMA_FILE, form_validator, schema_id

# A form is a few hundred bytes; anything much larger is not one (and is not parsed).
MAX_BODY_BYTES = 64 * 1024
FORM_REFERENCE_MAX_LENGTH = 40


@dataclass(frozen=True)
class Form:
    """One formulaire B or C, typed. Dates that are missing or impossible are None."""

    message_id: uuid.UUID
    form_reference: str
    cpas_name: str
    cpas_ins_code: str
    cpas_bce_number: str
    kind: str  # "B" or "C"
    niss: str | None
    # The 11 digits of a valid NISS or BIS number (python-stdnum's check), else None.
    niss_digits: str | None
    effective_date: date | None
    decision_date: date | None
    # Formulaire B
    category: int | None = None
    notice_status: int = 0
    annual_amount: Decimal = Decimal("0")
    art35_income_annual: Decimal | None = None
    other_resources: tuple[tuple[str, Decimal], ...] = ()
    piis_code: int | None = None
    shortage_code: int | None = None
    activation_beneficiary: Decimal | None = None
    activation_partner: Decimal | None = None
    unmarried_minor_children: int = 0
    # Formulaire C
    nature: int | None = None
    end_date: date | None = None
    regularisation: int = 0
    # Which rubriques were given but impossible (for B-DATE-01's detail).
    impossible_dates: tuple[str, ...] = field(default=())

    @property
    def is_correction(self) -> bool:
        return self.notice_status == 1

    @property
    def has_beneficiary_activation(self) -> bool:
        return bool(self.activation_beneficiary)

    @property
    def has_partner_activation(self) -> bool:
        return bool(self.activation_partner)


@dataclass(frozen=True)
class Malformed:
    """A message that cannot be read as a form: what is known of it, and why."""

    problems: tuple[str, ...]
    message_id: uuid.UUID | None = None
    form_reference: str | None = None


def decode_json(body: bytes):
    """The JSON value of `body`, or raises ValueError. Strict: UTF-8 only, no NaN/Infinity,
    no control characters inside strings, no duplicate keys."""

    def no_constants(name):
        raise ValueError(name)

    def no_duplicates(pairs):
        result = {}
        for key, value in pairs:
            if key in result:
                raise ValueError("duplicate key")
            result[key] = value
        return result

    try:
        text = body.decode("utf-8")
        return json.loads(text, parse_constant=no_constants, object_pairs_hook=no_duplicates)
    except (UnicodeDecodeError, RecursionError) as error:
        raise ValueError(str(error)) from error


def message_id_of(data) -> uuid.UUID | None:
    """The message_id of a JSON object, when it has a readable one (even if the rest is not)."""
    value = data.get("message_id") if isinstance(data, dict) else None
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return None
    return parsed if str(parsed) == value.lower() else None


def form_reference_of(data) -> str | None:
    value = data.get("form_reference") if isinstance(data, dict) else None
    readable = isinstance(value, str) and value.isascii() and value.isprintable()
    return value if readable and 0 < len(value) <= FORM_REFERENCE_MAX_LENGTH else None


def too_large() -> Malformed:
    return Malformed((_("(message) : plus de %(size)s octets") % {"size": MAX_BODY_BYTES},))


def read(body: bytes) -> Form | Malformed:
    if len(body) > MAX_BODY_BYTES:
        return too_large()
    try:
        data = decode_json(body)
    except ValueError:
        return Malformed((_("(message) : pas un document JSON valide en UTF-8"),))
    return read_data(data)


def read_data(data) -> Form | Malformed:
    message_id, reference = message_id_of(data), form_reference_of(data)
    if isinstance(data, dict) and data.get("schema") not in (None, schema_id(FORM_SCHEMA_FILE)):
        return Malformed(
            (_("schema : version du message non prise en charge"),), message_id, reference
        )
    problems = form_validator().problems(data)
    if problems:
        return Malformed(tuple(problems), message_id, reference)
    return to_form(data, message_id)


def parse_date(text: str | None) -> date | None:
    """None for a missing date, an impossible one (2025-02-30), or one outside the product's
    years (0001-01-01 would overflow the deadline arithmetic)."""
    if text is None:
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None


def valid_niss(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return normalize_niss(text)
    except ValidationError:
        return None


def amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def to_form(data: dict, message_id: uuid.UUID) -> Form:
    """A schema-valid message as a `Form` (every value's type is known by now)."""
    form, cpas = data["form"], data["cpas"]
    dates = {
        name: parse_date(form[name])
        for name in ("effective_date", "decision_date", "end_date")
        if name in form
    }
    common = {
        "message_id": message_id,
        "form_reference": data["form_reference"],
        "cpas_name": cpas["name"],
        "cpas_ins_code": cpas["ins_code"],
        "cpas_bce_number": cpas["bce_number"],
        "kind": form["type"],
        "niss": form["niss"],
        "niss_digits": valid_niss(form["niss"]),
        "effective_date": dates["effective_date"],
        "decision_date": dates["decision_date"],
        "impossible_dates": tuple(
            f"form.{name}"
            for name, parsed in dates.items()
            if parsed is None and form[name] is not None
        ),
    }
    if form["type"] == "C":
        return Form(
            **common,
            nature=form["nature"],
            end_date=dates["end_date"],
            regularisation=form["regularisation"],
        )
    return Form(
        **common,
        category=form["category"],
        notice_status=form["notice_status"],
        annual_amount=Decimal(form["annual_amount"]),
        art35_income_annual=amount(form["art35_income_annual"]),
        other_resources=tuple(
            (resource["type"], Decimal(resource["annual"])) for resource in form["other_resources"]
        ),
        piis_code=form["piis_code"],
        shortage_code=form["shortage_code"],
        activation_beneficiary=amount(form["activation_beneficiary"]),
        activation_partner=amount(form["activation_partner"]),
        unmarried_minor_children=form["household"]["unmarried_minor_children"],
    )
