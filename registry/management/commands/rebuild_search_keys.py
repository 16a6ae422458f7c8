from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.bulk.reindex import rebuild_search_tables
from registry.models import Person


class Command(BaseCommand):
    help = (
        "Rebuilds the phonetic search's tables from the registry's persons (surname keys and "
        "spellings, given-name keys and rows), after a change of their rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, no_progress: bool, **options):
        bar = tqdm(
            total=Person.objects.count(),
            unit=" personnes",
            disable=no_progress or None,
            mininterval=1,
        )
        written = rebuild_search_tables(progress=bar.update)
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                _("Tables de recherche reconstruites : %(count)s prénom(s) indexé(s).")
                % {"count": written}
            )
        )
