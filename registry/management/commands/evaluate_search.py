from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from registry.evaluation import evaluate, percentile


class Command(BaseCommand):
    help = (
        "Runs the phonetic search on an evaluation set (queries.jsonl) against the registry in "
        "the database and prints recall per category, result-list sizes and timings."
    )

    def add_arguments(self, parser):
        parser.add_argument("queries", type=Path)
        parser.add_argument("--misses", action="store_true", help="list the queries not found")

    def handle(self, *args, queries: Path, misses: bool, **options):
        if not queries.is_file():
            raise CommandError(_("Fichier introuvable : %(file)s") % {"file": queries})
        report = evaluate(queries)
        out = self.stdout
        out.write(f"{'category':26} {'recall':>8} {'found':>9}")
        for kind in sorted(report.recall_by_kind):
            found, total = report.recall_by_kind[kind]
            out.write(f"{kind:26} {report.kind_recall(kind):8.3f} {found:>4}/{total:<4}")
        out.write(f"{'overall':26} {report.recall:8.3f}")
        out.write(
            f"result-list size on positive queries: median {report.median_size}, "
            f"p95 {report.p95_size}"
        )
        out.write(f"mean results on negative queries: {report.mean_negative:.2f}")
        out.write(
            f"truncated lists (more persons match than listed): {report.truncated} "
            f"({report.truncated_share:.1%}); recall on the others "
            f"{report.recall_untruncated:.3f}"
        )
        out.write(
            f"search time: median {percentile(report.durations_ms, 50):.2f} ms, "
            f"p95 {percentile(report.durations_ms, 95):.2f} ms"
        )
        if misses:
            for query in report.misses:
                out.write(f"  missed {query}")
