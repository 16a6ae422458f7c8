"""Registry benchmark: bulk load and phonetic search at scale (`make bench-registry`).

    python -m bench.registry_bench --size 20000 [--import-csv] [--json PATH]

Steps, each in its own process so that peak memory is measured per step:
1. generate SIZE persons into a fresh database (SQLite file, or DATABASE_URL's PostgreSQL);
2. import a CSV of the same size into another fresh database (--import-csv);
3. import the public evaluation registry on top, then run its 500 queries and time
   `phonetic_search` (median, p95), with the recall reached at that scale; then time the
   identification as the page runs it, the search and « Vouliez-vous dire ? »
   (`registry.evaluation.identify`), on those 500 queries and the 240 typing slips of
   fixtures/registry-suggest.
Prints a table and writes the results as JSON. Not a test: numbers depend on the machine.

JSON (--json, default bench-results/registry.json), built by `results_json`:
    bench                 "registry"
    database              "SQLite" or "PostgreSQL"
    size                  persons asked for (--size)
    persons               persons in the searched database (size + the evaluation registry)
    generate              the generation step:
        load_seconds          wall time of the step
        persons_per_second    size / load_seconds
        peak_rss_mb           the step's process (the writer), peak resident memory
        producer_peak_rss_mb  the largest forked producer's peak (0 without producers)
    import_csv            the CSV import step, the same keys (rows_per_second for
                          persons_per_second), or null without --import-csv
    search                the phonetic search:
        queries               queries of the evaluation set (timed once each after a warm-up)
        p50_ms, p95_ms        median and 95th percentile of one `phonetic_search`
        recall                share of the expected persons found
        recall_untruncated    the same on the queries whose list was not truncated
        truncated_queries     queries answered « too many » (more persons match than listed)
        truncated_share       truncated_queries / queries
        median_list_size      median number of candidates listed
        mean_negatives        mean number of wrong candidates listed
        peak_rss_mb           the step's peak resident memory
    identification        the search and its suggestions, as the identification page runs them:
        queries               the evaluation queries and the slips (fixtures/registry-suggest)
        p50_ms, p95_ms        median and 95th percentile of one search with its suggestions
        slips_p95_ms          95th percentile on the slips alone (where suggestions are searched)
        recall_by_kind        slip kind -> share of the persons found or suggested
        mean_suggested_absent  persons suggested on average for a slip on an absent person
        mean_suggested_negatives  persons suggested on average for the evaluation's negatives
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, SETTINGS, module_command, results_path, write_results

EVAL_DIR = ROOT / "fixtures" / "registry-eval"
QUERIES = EVAL_DIR / "queries.jsonl"
SLIPS = ROOT / "fixtures" / "registry-suggest" / "mistakes.jsonl"


def django_setup() -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def step(name: str, database_url: str, **params) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    result = subprocess.run(
        module_command("registry_bench", "--step", name, "--params", json.dumps(params)),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"step {name} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_step(name: str, params: dict) -> dict:
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    out: dict = {}
    if name == "generate":
        call_command(
            "generate_registry", count=params["size"], seed=1, no_progress=True, stdout=sys.stderr
        )
    elif name == "import":
        call_command("import_registry", params["csv"], "--no-progress", stdout=sys.stderr)
    elif name == "search":
        call_command(
            "import_registry",
            str(EVAL_DIR / "registry.csv"),
            "--no-progress",
            "--skip-invalid",
            stdout=sys.stderr,
            stderr=sys.stderr,
        )
        from bench.common import analyze_database

        analyze_database()
        from registry.evaluation import evaluate, percentile

        evaluate(QUERIES)  # warm-up: caches and connection
        report = evaluate(QUERIES)
        out.update(
            queries=len(report.durations_ms),
            median_ms=percentile(report.durations_ms, 50),
            p95_ms=percentile(report.durations_ms, 95),
            recall=report.recall,
            recall_untruncated=report.recall_untruncated,
            truncated=report.truncated,
            median_size=report.median_size,
            mean_negative=report.mean_negative,
        )
        out.update(identification(report))
        from registry.models import Person

        out["persons"] = Person.objects.count()
    out["seconds"] = time.perf_counter() - started
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The forked producers: the largest one's peak (each of them peaks about as high).
    out["producer_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def identification(search_report) -> dict:
    """The identification page's search with its suggestions, timed on the evaluation set's
    queries and the slips (after one warm-up pass of the slips)."""
    import json as json_module

    from registry.evaluation import evaluate_suggestions, identify, percentile

    evaluate_suggestions(SLIPS)  # warm-up
    slips = evaluate_suggestions(SLIPS)
    durations = list(slips.durations_ms)
    negatives = []
    for line in QUERIES.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        query = json_module.loads(line)
        started = time.perf_counter()
        _found, suggestions = identify(query)
        durations.append((time.perf_counter() - started) * 1000)
        if not query.get("expect"):
            negatives.append(sum(len(persons) for _reason, persons in suggestions))
    return {
        "identify_queries": len(durations),
        "identify_median_ms": percentile(durations, 50),
        "identify_p95_ms": percentile(durations, 95),
        "slips_p95_ms": percentile(slips.durations_ms, 95),
        "slip_recall": {kind: slips.kind_recall(kind) for kind in sorted(slips.recall_by_kind)},
        "mean_suggested_absent": slips.mean_absent_suggested,
        "mean_suggested_negatives": sum(negatives) / len(negatives) if negatives else 0.0,
    }


def write_csv(path: Path, size: int) -> None:
    django_setup()
    from registry.population.generation import generate_population

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "niss",
                "last_name",
                "first_names",
                "birth_date",
                "sex",
                "street",
                "house_number",
                "box",
                "postal_code",
                "locality",
            ]
        )
        for household in generate_population(count=size, seed=2):
            address = household.address
            for person, _role in household.members:
                writer.writerow(
                    [
                        person.niss,
                        person.last_name,
                        person.first_names,
                        f"{person.birth_year:04d}-{person.birth_month:02d}-{person.birth_day:02d}",
                        person.sex,
                        address.street,
                        address.house_number,
                        address.box,
                        address.postal_code,
                        address.locality,
                    ]
                )


def step_json(result: dict, count: int, unit: str) -> dict:
    """A bulk step's part of the JSON: its time, its rate (`unit` per second), its memory."""
    seconds = result["seconds"]
    return {
        "load_seconds": round(seconds, 3),
        f"{unit}_per_second": round(count / seconds, 1) if seconds else None,
        "peak_rss_mb": round(result["peak_mb"], 1),
        "producer_peak_rss_mb": round(result["producer_peak_mb"], 1),
    }


def results_json(
    *, size: int, vendor: str, generated: dict, imported: dict | None, searched: dict
) -> dict:
    """The benchmark's JSON (schema in the module's docstring) from the steps' results: each
    a dict as `run_step` returns (seconds, peak_mb, producer_peak_mb; the search step also
    queries, median_ms, p95_ms, recall, recall_untruncated, truncated, median_size,
    mean_negative, persons, and the
    identification's identify_queries, identify_median_ms, identify_p95_ms, slips_p95_ms,
    slip_recall, mean_suggested_absent, mean_suggested_negatives)."""
    return {
        "bench": "registry",
        "database": vendor,
        "size": size,
        "persons": searched["persons"],
        "generate": step_json(generated, size, "persons"),
        "import_csv": step_json(imported, size, "rows") if imported else None,
        "search": {
            "queries": searched["queries"],
            "p50_ms": round(searched["median_ms"], 3),
            "p95_ms": round(searched["p95_ms"], 3),
            "recall": searched["recall"],
            "recall_untruncated": searched["recall_untruncated"],
            "truncated_queries": searched["truncated"],
            "truncated_share": searched["truncated"] / searched["queries"]
            if searched["queries"]
            else 0.0,
            "median_list_size": searched["median_size"],
            "mean_negatives": searched["mean_negative"],
            "peak_rss_mb": round(searched["peak_mb"], 1),
        },
        "identification": {
            "queries": searched["identify_queries"],
            "p50_ms": round(searched["identify_median_ms"], 3),
            "p95_ms": round(searched["identify_p95_ms"], 3),
            "slips_p95_ms": round(searched["slips_p95_ms"], 3),
            "recall_by_kind": searched["slip_recall"],
            "mean_suggested_absent": searched["mean_suggested_absent"],
            "mean_suggested_negatives": searched["mean_suggested_negatives"],
        },
    }


def memory(result: dict) -> str:
    text = f"{result['peak_mb']:.0f} MB"
    if result["producer_peak_mb"]:
        text += f" + {result['producer_peak_mb']:.0f} MB/producer"
    return text


def fresh_database(database_url: str | None, workdir: Path, label: str) -> str:
    if not database_url:
        return f"sqlite:///{workdir / f'{label}.sqlite3'}"
    base, _, _name = database_url.rpartition("/")
    name = f"primaweb_bench_{label}"
    subprocess.run(
        [
            "psql",
            f"{base}/postgres",
            "-qc",
            f"DROP DATABASE IF EXISTS {name}",
            "-c",
            f"CREATE DATABASE {name}",
        ],
        check=True,
    )
    return f"{base}/{name}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--import-csv", action="store_true", help="also time the CSV import")
    parser.add_argument(
        "--json", default=str(results_path("registry")), help="where to write the results"
    )
    parser.add_argument("--step")
    parser.add_argument("--params")
    args = parser.parse_args()
    if args.step:
        print(json.dumps(run_step(args.step, json.loads(args.params))))
        return

    database_url = os.environ.get("DATABASE_URL", "")
    vendor = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    rows = []
    imported = None
    with tempfile.TemporaryDirectory(prefix="primaweb-bench-") as tmp:
        workdir = Path(tmp)
        db = fresh_database(database_url, workdir, "generate")
        generated = step("generate", db, size=args.size)
        rows.append(
            (
                f"generate {args.size:,} persons",
                f"{generated['seconds']:.1f} s",
                memory(generated),
            )
        )
        if args.import_csv:
            csv_path = workdir / "registry.csv"
            write_csv(csv_path, args.size)
            imported = step(
                "import", fresh_database(database_url, workdir, "import"), csv=str(csv_path)
            )
            rows.append(
                (
                    f"import_registry {args.size:,} rows",
                    f"{imported['seconds']:.1f} s",
                    memory(imported),
                )
            )
        searched = step("search", db)
    print(f"\nRegistry benchmark on {vendor}, {searched['persons']:,} persons")
    print(f"{'operation':36} {'time':>10}   peak memory (writer + each producer)")
    for label, seconds, peak in rows:
        print(f"{label:36} {seconds:>10}   {peak}")
    print(
        f"{'phonetic_search (500 queries)':36} "
        f"median {searched['median_ms']:.2f} ms, p95 {searched['p95_ms']:.2f} ms"
    )
    print(
        f"{'  recall at this scale':36} {searched['recall']:.3f} "
        f"(median list {searched['median_size']}, negatives {searched['mean_negative']:.2f})"
    )
    print(
        f"{'  « too many » (truncated lists)':36} {searched['truncated']} of "
        f"{searched['queries']}; recall on the others {searched['recall_untruncated']:.3f}"
    )
    print(
        f"{'search + suggestions (' + str(searched['identify_queries']) + ' queries)':36} "
        f"median {searched['identify_median_ms']:.2f} ms, p95 {searched['identify_p95_ms']:.2f} ms "
        f"(slips alone: p95 {searched['slips_p95_ms']:.2f} ms)"
    )
    recall = ", ".join(f"{kind} {share:.3f}" for kind, share in searched["slip_recall"].items())
    print(f"{'  slips found or suggested':36} {recall}")
    print(
        f"{'  persons suggested, absent persons':36} "
        f"slips {searched['mean_suggested_absent']:.2f}, "
        f"evaluation negatives {searched['mean_suggested_negatives']:.2f} on average"
    )
    write_results(
        args.json,
        results_json(
            size=args.size,
            vendor=vendor,
            generated=generated,
            imported=imported,
            searched=searched,
        ),
    )


if __name__ == "__main__":
    main()
