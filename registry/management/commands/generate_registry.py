from django.core.management.base import BaseCommand
from tqdm import tqdm

from registry.bulk import write_households
from registry.population.generation import generate_population


class Command(BaseCommand):
    help = "Generates a realistic Belgian population in the registry (deterministic per seed)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, count: int, seed: int, no_progress: bool, **options):
        bar = tqdm(total=count, unit=" personnes", disable=no_progress or None, mininterval=1)

        stats = write_households(lambda: generate_population(count=count, seed=seed), progress=bar)
        bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"{stats.created} personne(s) créée(s), {stats.skipped} déjà présente(s)."
            )
        )
