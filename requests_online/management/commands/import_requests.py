"""Imports CPAS Online requests from a JSON Lines file, one request a line.

Each line goes through the citizen form's validation and the same routing to the competent
CPAS. Any bad line stops the import: nothing is saved and every bad line is reported with
its number. Optional keys besides the form's: `submitted_at` (ISO 8601) and `reference`.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests_online.forms import CitizenRequestForm
from requests_online.models import OnlineRequest, normalize_reference
from requests_online.services import request_submit


class LineError(Exception):
    pass


def _submitted_at(value) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise LineError(
            _("submitted_at : date et heure ISO 8601 invalide (%(value)r)") % {"value": value}
        ) from error
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _reference(value) -> str | None:
    if value in (None, ""):
        return None
    reference = normalize_reference(value)
    if len(reference) != 12 or not reference.isalnum() or not reference.isascii():
        raise LineError(
            _("reference : 12 lettres majuscules et chiffres attendus (%(value)r)")
            % {"value": value}
        )
    if OnlineRequest.objects.filter(reference=reference).exists():
        raise LineError(_("reference : %(reference)s existe déjà") % {"reference": reference})
    return reference


def _form_data(record: dict) -> dict:
    data = {}
    for name, value in record.items():
        if name in ("submitted_at", "reference"):
            continue
        data[name] = "" if value is None else str(value)
    return data


def _errors(form: CitizenRequestForm) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in form.errors.items())


class Command(BaseCommand):
    help = "Imports CPAS Online requests from a JSON Lines file (same validation and routing)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl file, one JSON object a line")

    def handle(self, *args, file: str, **options):
        try:
            with open(file, encoding="utf-8") as handle:
                lines = handle.readlines()
        except OSError as error:
            raise CommandError(
                _("Impossible de lire %(file)s : %(error)s") % {"file": file, "error": error}
            ) from error

        errors: list[str] = []
        created = 0
        references_in_file: set[str] = set()
        with transaction.atomic():
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise LineError(_("un objet JSON est attendu"))
                    submitted_at = _submitted_at(record.get("submitted_at"))
                    reference = _reference(record.get("reference"))
                    if reference and reference in references_in_file:
                        raise LineError(
                            _("reference : %(reference)s en double dans le fichier")
                            % {"reference": reference}
                        )
                    form = CitizenRequestForm(_form_data(record))
                    if not form.is_valid():
                        raise LineError(_errors(form))
                    request_submit(
                        data=form.cleaned_data,
                        cpas=form.cleaned_data["cpas"],
                        client_ip=None,
                        submitted_at=submitted_at,
                        reference=reference,
                    )
                except json.JSONDecodeError as error:
                    errors.append(
                        _("ligne %(number)s : JSON invalide (%(reason)s)")
                        % {"number": number, "reason": error.msg}
                    )
                except (LineError, ValidationError) as error:
                    message = (
                        "; ".join(error.messages)
                        if isinstance(error, ValidationError)
                        else str(error)
                    )
                    errors.append(
                        _("ligne %(number)s : %(message)s") % {"number": number, "message": message}
                    )
                else:
                    created += 1
                    if reference:
                        references_in_file.add(reference)
            if errors:
                transaction.set_rollback(True)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(
                _("%(count)s ligne(s) invalide(s) : rien n'a été importé.") % {"count": len(errors)}
            )
        self.stdout.write(
            self.style.SUCCESS(_("%(count)s demande(s) importée(s).") % {"count": created})
        )
