from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.bulk import RowError, import_registry

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = (
        "Imports registry persons from a CSV file (niss,last_name,first_names,birth_date,sex, "
        "then optional columns). Validates every row first; with any bad row nothing is "
        "imported unless --skip-invalid. Existing NISS are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--skip-invalid", action="store_true", help="import the good rows")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, skip_invalid: bool, no_progress: bool, **options):
        if not file.is_file():
            raise CommandError(_("Fichier introuvable : %(file)s") % {"file": file})
        shown = 0

        def report(line: int, reason: str) -> None:
            nonlocal shown
            if shown < MAX_ERRORS_SHOWN:
                self.stderr.write(
                    _("ligne %(number)s : %(message)s") % {"number": line, "message": reason}
                )
            shown += 1

        progress = tqdm(unit=" lignes", disable=no_progress or None, mininterval=1)
        try:
            stats, errors = import_registry(
                path=file, skip_invalid=skip_invalid, on_error=report, progress=progress
            )
        except RowError as error:
            raise CommandError(str(error)) from error
        except UnicodeDecodeError as error:
            raise CommandError(
                _("Le fichier n'est pas en UTF-8 : %(error)s") % {"error": error}
            ) from error
        finally:
            progress.close()
        if shown > MAX_ERRORS_SHOWN:
            self.stderr.write(
                _("... et %(count)s autres lignes invalides") % {"count": shown - MAX_ERRORS_SHOWN}
            )
        if errors and not skip_invalid:
            raise CommandError(
                _(
                    "%(count)s ligne(s) invalide(s) : rien n'a été importé "
                    "(corrigez le fichier ou utilisez --skip-invalid)."
                )
                % {"count": len(errors)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(created)s personne(s) créée(s), %(updated)s mise(s) à jour, "
                    "%(ignored)s ligne(s) ignorée(s)."
                )
                % {"created": stats.created, "updated": stats.updated, "ignored": len(errors)}
            )
        )
