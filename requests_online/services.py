"""Every write on CPAS Online requests. Keyword-only, typed, atomic; no signals."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from primaweb.models import Cpas, PostalCode
from registry.models import Person
from registry.search import find_by_niss
from requests_online.models import REFERENCE_ALPHABET, REFERENCE_LENGTH, OnlineRequest

REFERENCE_ATTEMPTS = 8

# The applicant's fields a submission carries (the citizen form's and import_requests's).
SUBMISSION_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "niss",
    "email",
    "phone",
    "street",
    "house_number",
    "box",
    "postal_code",
    "locality",
    "nature",
    "description",
    "lives_at_residence",
    "is_student",
    "in_facility",
)


def generate_reference() -> str:
    """12 upper-case letters and digits, random (not sequential, not guessable)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def route_to_cpas(*, postal_code: str, locality: str = "") -> Cpas:
    """The CPAS competent for a residence address: postal code → municipality → CPAS.

    A postal code shared by municipalities of several CPAS is decided by the locality.
    Raises ValidationError when no CPAS known to the system serves the address.
    """
    postal_codes = list(PostalCode.objects.for_code(postal_code or ""))
    cpas_by_pk = {pc.municipality.cpas.pk: pc.municipality.cpas for pc in postal_codes}
    if len(cpas_by_pk) == 1:
        return next(iter(cpas_by_pk.values()))
    wanted = (locality or "").strip().casefold()
    matching = {
        pc.municipality.cpas.pk: pc.municipality.cpas
        for pc in postal_codes
        if wanted and wanted in (pc.locality.casefold(), pc.municipality.name.casefold())
    }
    if len(matching) == 1:
        return next(iter(matching.values()))
    if cpas_by_pk:
        raise ValidationError(
            _("Ce code postal couvre plusieurs communes : veuillez préciser la localité."),
            code="ambiguous_postal_code",
        )
    raise ValidationError(
        _(
            "Le code postal %(code)s ne correspond à aucun CPAS connu de Primaweb : votre "
            "demande ne peut pas être transmise en ligne. Veuillez contacter le CPAS de votre "
            "commune."
        ),
        code="unknown_postal_code",
        params={"code": postal_code},
    )


def registry_snapshot(person: Person) -> dict[str, Any]:
    """The registry data of a person as OnlineRequest fields, copied at this moment."""
    return {
        "person": person,
        "registry_niss": person.niss,
        "registry_first_names": person.first_names,
        "registry_last_name": person.last_name,
        "registry_birth_date": person.birth_date_display,
        "registry_register": person.register,
        "registry_reference_address": (
            str(person.reference_address) if person.reference_address_id else ""
        ),
    }


def _registry_snapshot_for_niss(niss: str) -> dict[str, Any]:
    """The registry data for a NISS, or nothing when it is not found."""
    if not niss:
        return {}
    person = find_by_niss(niss)
    return registry_snapshot(person) if person is not None else {}


def request_submit(
    *,
    data: dict[str, Any],
    cpas: Cpas,
    client_ip: str | None,
    submitted_at: datetime | None = None,
    reference: str | None = None,
) -> OnlineRequest:
    """Saves a citizen's request for `cpas`, the competent CPAS the form routed it to (the
    form's `cleaned_data["cpas"]`), with a fresh reference.

    `data` holds the cleaned fields of `SUBMISSION_FIELDS`. `submitted_at` and `reference` are
    for imports and demo data; a citizen's request is dated now in Europe/Brussels.
    """
    submitted_at = submitted_at or timezone.now()
    submitted_on: date = timezone.localdate(submitted_at)
    fields = {name: data.get(name) for name in SUBMISSION_FIELDS}
    fields = {
        name: ("" if value is None and name != "birth_date" else value)
        for name, value in fields.items()
    }
    fields.update(_registry_snapshot_for_niss(fields["niss"]))
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                return OnlineRequest.objects.create(
                    reference=reference or generate_reference(),
                    cpas=cpas,
                    submitted_on=submitted_on,
                    submitted_at=submitted_at,
                    client_ip=client_ip or None,
                    **fields,
                )
        except IntegrityError:
            # Only a reference collision can violate a constraint here: draw again.
            if reference is not None or attempt == REFERENCE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def request_mark_read(*, online_request: OnlineRequest, agent) -> bool:
    """Records who read the request and when. Idempotent: the first reader and time stay.

    The conditional UPDATE makes concurrent clicks record one reader. Returns True when this
    call marked it.
    """
    updated = OnlineRequest.objects.filter(pk=online_request.pk, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=agent
    )
    online_request.refresh_from_db(fields=["read_at", "read_by"])
    return bool(updated)


def request_mark_unread(*, online_request: OnlineRequest, agent) -> bool:
    """Puts the request back among the unread ones (the reader and time are cleared)."""
    updated = OnlineRequest.objects.filter(pk=online_request.pk, read_at__isnull=False).update(
        read_at=None, read_by=None
    )
    online_request.refresh_from_db(fields=["read_at", "read_by"])
    return bool(updated)
