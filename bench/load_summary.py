"""`make bench`: the registry, requests, forms list and load benchmarks, then ONE table.

    python -m bench.load_summary [--registry-size 200000] [--results-dir bench-results]
    python -m bench.load_summary --no-run     # the table of the JSON files already there

Runs, each on its own fresh PostgreSQL database (BENCH_DATABASE_URL's server, default the local
one): `bench.registry_bench`, `bench.requests_bench` (each page alone with wrk, 8 connections),
`bench.forms_bench` (« Lister les formulaires », the same method) and `bench.load_bench` (the
mixed workload with locust, 16 users, 60 s). Each writes its JSON into the results folder
(registry.json, requests.json, forms.json, load.json: their schemas are in their
docstrings); the table is built from those files, never from the printed output. With
--no-run, nothing runs: the table shows the files found (for example those of
`make bench-registry`, `make bench-requests` and `make bench-forms`, on SQLite).

Prints page/operation, p50, p95, requests/s and the speed relative to the bare Django template
page served by the same gunicorn in the same run: bare p50 / page p50 at the same concurrency
(1.00 = as fast as the bare page, 0.25 = four times slower).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import time
from pathlib import Path

from bench.common import RESULTS_DIR, ROOT, module_command

BENCHES = ("registry", "requests", "forms", "load")


def server_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rpartition("/")[0]


def fresh_database(name: str) -> str:
    base = server_url()
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True)
    return f"{base}/{name}"


def run(command: list[str], env: dict[str, str], label: str) -> int:
    print(f"\n=== {label}: {' '.join(command[1:])}", flush=True)
    started = time.time()
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    print(result.stdout[-2500:], flush=True)
    if result.returncode:
        print(result.stderr[-2500:], flush=True)
    print(f"=== {label}: exit {result.returncode}, {time.time() - started:.0f} s", flush=True)
    return result.returncode


def read_results(results_dir: Path) -> dict[str, dict | None]:
    """Each benchmark's JSON in `results_dir` (`<name>.json`), None when it is missing."""
    results: dict[str, dict | None] = {}
    for name in BENCHES:
        path = Path(results_dir) / f"{name}.json"
        results[name] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    return results


def registry_rows(result: dict) -> list[dict]:
    rows = []
    for key, what in (("generate", "generate {:,} persons"), ("import_csv", "import {:,} rows")):
        step = result.get(key)
        if step:
            rate = step.get("persons_per_second", step.get("rows_per_second"))
            rows.append(
                {
                    "name": f"registry: {what.format(result['size'])}",
                    "rps": rate,
                    "unit": "persons/s" if key == "generate" else "rows/s",
                    "note": f"{step['load_seconds']:.1f} s in all, "
                    f"peak {step['peak_rss_mb']:.0f} MB",
                }
            )
    search = result["search"]
    rows.append(
        {
            "name": f"registry: phonetic_search (in-process, {result['persons']:,} persons)",
            "p50": search["p50_ms"],
            "p95": search["p95_ms"],
            "rps": 1000 / search["p50_ms"] if search["p50_ms"] else None,
            "unit": "1 thread",
            "note": f"recall {search['recall']:.3f}"
            + (
                f", « too many » {search['truncated_share']:.1%}"
                if "truncated_share" in search  # files written before #17 have none
                else ""
            )
            + "; no HTTP: not compared",
        }
    )
    identification = result.get("identification")
    if identification:  # files written before « Vouliez-vous dire ? » have none
        rows.append(
            {
                "name": "registry: search + suggestions (in-process, "
                f"{identification['queries']} queries)",
                "p50": identification["p50_ms"],
                "p95": identification["p95_ms"],
                "rps": 1000 / identification["p50_ms"] if identification["p50_ms"] else None,
                "unit": "1 thread",
                "note": f"slips alone p95 {identification['slips_p95_ms']:.1f} ms; "
                f"absent persons: {identification['mean_suggested_absent']:.2f} suggested",
            }
        )
    return rows


def requests_rows(result: dict) -> list[dict]:
    """Its two tables: at saturation (throughput, ratio to the bare page) and paced (latency)."""
    return wrk_rows(result, "requests bench")


def forms_rows(result: dict) -> list[dict]:
    """« Lister les formulaires » (bench/forms_bench.py), the same two tables."""
    return wrk_rows(result, "forms list bench")


def wrk_rows(result: dict, title: str) -> list[dict]:
    rows = []
    connections = result["connections"]
    for mode, label in (
        ("saturated", "saturated"),
        ("paced", f"paced ~{result['paced_rate_rps']} req/s"),
    ):
        pages = result[mode]
        bare = pages.get(result["bare_page"])
        for name, row in pages.items():
            rows.append(
                {
                    "name": f"{title} (wrk {connections} conn., {label}): {name}",
                    "p50": row["p50_ms"],
                    "p95": row["p95_ms"],
                    "rps": row["rps"],
                    "errors": row["errors"],
                    "ratio": bare["p50_ms"] / row["p50_ms"] if bare and row["p50_ms"] else None,
                }
            )
    return rows


def load_rows(result: dict) -> list[dict]:
    bare = result["pages"].get(result["bare_page"]) if result["bare_page"] else None
    rows = []
    for name, row in result["pages"].items():
        rows.append(
            {
                "name": f"load (locust {result['users']} users): {name}",
                "p50": row["p50_ms"],
                "p95": row["p95_ms"],
                "rps": row["rps"],
                "errors": row["errors"],
                "ratio": bare["p50_ms"] / row["p50_ms"] if bare and row["p50_ms"] else None,
            }
        )
    rows.append(
        {
            "name": f"load: mixed workload, all pages ({result['seconds']} s)",
            "rps": result["mixed_rps"],
            "errors": result["errors"],
            "ratio": result["mixed_rps"] / bare["rps"] if bare and bare["rps"] else None,
            "note": "ratio of throughputs",
        }
    )
    return rows


ROWS = {
    "registry": registry_rows,
    "requests": requests_rows,
    "forms": forms_rows,
    "load": load_rows,
}


def summary_rows(results: dict[str, dict | None]) -> list[dict]:
    """The table's rows from `read_results`'s dictionary, the benchmarks in order."""
    rows: list[dict] = []
    for name in BENCHES:
        if results.get(name) is None:
            rows.append({"name": f"{name}: no results ({name}.json missing)"})
        else:
            rows += ROWS[name](results[name])
    return rows


def fmt(value, pattern: str) -> str:
    width = int(re.match(r"\d+", pattern).group())
    return f"{'—':>{width}}" if value is None else format(value, pattern)


def table(rows: list[dict]) -> list[str]:
    """The Markdown table of docs/performance.md: one line per row, header first."""
    header = f"| {'page / operation':72} | {'p50 ms':>8} | {'p95 ms':>8} | {'req/s':>9} | "
    lines = [
        header + f"{'vs bare':>7} | note",
        f"| {'-' * 72} | {'-' * 7}: | {'-' * 7}: | {'-' * 8}: | {'-' * 6}: | ---",
    ]
    for row in rows:
        note = row.get("note", "")
        if row.get("unit"):
            note = f"{row['unit']}; {note}" if note else row["unit"]
        if row.get("errors"):
            note = f"{row['errors']} ERRORS; {note}" if note else f"{row['errors']} ERRORS"
        lines.append(
            f"| {row['name']:72} | {fmt(row.get('p50'), '8.1f')} | {fmt(row.get('p95'), '8.1f')}"
            f" | {fmt(row.get('rps'), '9.1f')} | {fmt(row.get('ratio'), '7.2f')} | {note}"
        )
    return lines


def print_summary(results: dict[str, dict | None]) -> None:
    databases = ", ".join(
        f"{name} on {result.get('database', '?')}"
        for name, result in results.items()
        if result is not None
    )
    print()
    print(
        f"make bench — {time.strftime('%Y-%m-%d %H:%M')} — {platform.node()}, "
        f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}, "
        f"{databases or 'no results'}, load average now {os.getloadavg()[0]:.1f}"
    )
    print("\n".join(table(summary_rows(results))))
    load = results.get("load")
    if load:
        marks = load["mark_read"]
        print(
            f"\nload: {load['errors']} errors; mark read: {marks['answered']} POSTs "
            f"answered, {marks['recorded']} recorded, {marks['lost']} lost"
        )


def run_all(args: argparse.Namespace, results_dir: Path) -> list[str]:
    """Runs the four benchmarks, each writing its JSON into `results_dir`; returns failures."""
    failures: list[str] = []
    paths = {name: results_dir / f"{name}.json" for name in BENCHES}
    for path in paths.values():
        path.unlink(missing_ok=True)  # no stale file taken for this run's

    env = {**os.environ, "DATABASE_URL": f"{server_url()}/primaweb_bench"}
    command = module_command(
        "registry_bench", "--size", str(args.registry_size), "--json", str(paths["registry"])
    )
    if run(command, env, "registry"):
        failures.append("registry bench failed")

    env = {**os.environ, "DATABASE_URL": fresh_database("primaweb_bench_requests")}
    command = module_command(
        "requests_bench", "--size", str(args.requests_size), "--json", str(paths["requests"])
    )
    code = run(command, env, "requests")
    requests = read_results(results_dir)["requests"]
    # A missed target (exit 1, targets_met false in its JSON) is reported, not a failure.
    if code and not (requests and requests["targets_met"] is False):
        failures.append(f"requests bench exit {code}")

    env = {**os.environ, "DATABASE_URL": fresh_database("primaweb_bench_forms")}
    command = module_command(
        "forms_bench", "--size", str(args.forms_size), "--json", str(paths["forms"])
    )
    code = run(command, env, "forms")
    forms = read_results(results_dir)["forms"]
    if code and not (forms and forms["targets_met"] is False):
        failures.append(f"forms bench exit {code}")

    command = module_command(
        "load_bench", "--seconds", str(args.load_seconds), "--json", str(paths["load"])
    )
    if run(command, dict(os.environ), "load"):
        failures.append("load bench failed (errors or lost writes)")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry-size", type=int, default=200_000)
    parser.add_argument("--requests-size", type=int, default=100_000)
    parser.add_argument("--forms-size", type=int, default=100_000)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument(
        "--no-run", action="store_true", help="only print the table of the JSON files found"
    )
    args = parser.parse_args()

    results_dir = args.results_dir.resolve()  # the benchmarks run from the project root
    results_dir.mkdir(parents=True, exist_ok=True)
    failures = [] if args.no_run else run_all(args, results_dir)
    print_summary(read_results(results_dir))
    if failures:
        print("FAILED: " + "; ".join(failures))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
