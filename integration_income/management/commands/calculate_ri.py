"""`python manage.py calculate_ri CASE.json` (or `-` for stdin): the RI of one case, as JSON.

The format is docs/calculate-ri.md. A bad case prints one message per bad field on stderr and
ends with status 1, nothing on stdout.
"""

import json
import sys
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from integration_income.calculation import calculate
from integration_income.case_json import CaseInvalid, calculation_data, read_case


class Command(BaseCommand):
    help = (
        "Calculates the RI (revenu d'intégration) of one case read as JSON from a file, or "
        "from stdin with '-', with the amounts in force on the case's date; prints the result "
        "as JSON. Format: docs/calculate-ri.md."
    )
    # call_command(..., stdin=…) in tests; sys.stdin otherwise.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("case", help="the case's JSON file, or - for stdin")

    def handle(self, *args, case: str, **options):
        text = self.read(case, options.get("stdin") or sys.stdin)
        try:
            # Decimal, never float: 0.1 + 0.2 must stay 0.30 cents exactly.
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as error:
            # The json module's reason is English: the place is enough to find the mistake.
            raise CommandError(
                _("JSON invalide à la ligne %(line)s, colonne %(column)s.")
                % {"line": error.lineno, "column": error.colno}
            ) from error
        try:
            typed_case, parameters = read_case(data)
        except CaseInvalid as invalid:
            for message in invalid.messages:
                self.stderr.write(message)
            count = len(invalid.messages)
            raise CommandError(
                ngettext(
                    "Cas non calculé : %(count)s erreur.",
                    "Cas non calculé : %(count)s erreurs.",
                    count,
                )
                % {"count": count}
            ) from None
        result = calculate(typed_case, parameters=parameters)
        self.stdout.write(
            json.dumps(calculation_data(result, parameters), ensure_ascii=False, indent=2)
        )

    def read(self, case: str, stdin) -> str:
        if case == "-":
            return stdin.read()
        path = Path(case)
        if not path.is_file():
            raise CommandError(_("Fichier introuvable : %(file)s") % {"file": path})
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise CommandError(
                _("Le fichier n'est pas en UTF-8 : %(error)s") % {"error": error}
            ) from error
