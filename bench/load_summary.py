"""`make bench`: the registry, requests and load benchmarks, then ONE table.

Runs, each on its own fresh PostgreSQL database (BENCH_DATABASE_URL's server, default the local
one): `bench/registry_bench.py` (its printed table is parsed), `bench/requests_bench.py` (each
page alone with wrk, 8 connections) and `bench/load_bench.py` (the mixed workload with locust,
16 users, 60 s). Prints page/operation, p50, p95, requests/s and the speed relative to the bare
Django template page served by the same gunicorn in the same run: bare p50 / page p50 at the
same concurrency (1.00 = as fast as the bare page, 0.25 = four times slower).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
REQUESTS_ROW = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<rps>\d+)\s+(?P<p50>[\d.]+)\s+(?P<p95>[\d.]+)\s+[\d.]+\s+(?P<err>\d+)$"
)


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


def run(command: list[str], env: dict[str, str], label: str) -> tuple[int, str]:
    print(f"\n=== {label}: {' '.join(command[1:])}", flush=True)
    started = time.time()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    print(result.stdout[-2500:], flush=True)
    print(f"=== {label}: exit {result.returncode}, {time.time() - started:.0f} s", flush=True)
    return result.returncode, output


def registry_rows(output: str, size: int) -> list[dict]:
    rows = []
    generated = re.search(r"^generate ([\d,]+) persons\s+([\d.]+) s", output, re.M)
    if generated:
        seconds = float(generated.group(2))
        rows.append(
            {
                "name": f"registry: generate {generated.group(1)} persons",
                "p50": None,
                "p95": None,
                "rps": size / seconds if seconds else None,
                "unit": "persons/s",
                "note": f"{seconds:.1f} s in all",
            }
        )
    search = re.search(r"phonetic_search.*?median ([\d.]+) ms, p95 ([\d.]+) ms", output)
    if search:
        median, p95 = float(search.group(1)), float(search.group(2))
        rows.append(
            {
                "name": "registry: phonetic_search (in-process)",
                "p50": median,
                "p95": p95,
                "rps": 1000 / median if median else None,
                "unit": "1 thread",
                "note": "no HTTP: not compared",
            }
        )
    if not rows:
        rows.append({"name": "registry: (table not found in its output)", "p50": None})
    return rows


def requests_rows(output: str) -> list[dict]:
    """Its two tables: at saturation (throughput, ratio to the bare page) and paced (latency)."""
    parsed: dict[str, dict[str, dict]] = {"saturated": {}, "paced": {}}
    section = "saturated"
    for line in output.splitlines():
        if line.startswith("Paced"):
            section = "paced"
        match = REQUESTS_ROW.match(line.strip())
        if match and not line.startswith("page"):
            parsed[section][match["name"]] = {
                "p50": float(match["p50"]),
                "p95": float(match["p95"]),
                "rps": float(match["rps"]),
                "errors": int(match["err"]),
            }
    rows = []
    for section, label in (("saturated", "saturated"), ("paced", "paced ~50 req/s")):
        bare = parsed[section].get("bare template page")
        for name, row in parsed[section].items():
            ratio = bare["p50"] / row["p50"] if bare and row["p50"] else None
            rows.append(
                {"name": f"requests bench (wrk 8 conn., {label}): {name}", **row, "ratio": ratio}
            )
    return rows or [{"name": "requests bench: (table not found in its output)", "p50": None}]


def load_rows(result: dict) -> list[dict]:
    bare = result["bare"]
    rows = []
    for name, row in result["rows"].items():
        rows.append(
            {
                "name": f"load (locust {result['users']} users): {name}",
                "p50": row["p50_ms"],
                "p95": row["p95_ms"],
                "rps": row["rps"],
                "errors": row["failures"],
                "ratio": bare["p50_ms"] / row["p50_ms"] if bare and row["p50_ms"] else None,
            }
        )
    rows.append(
        {
            "name": f"load: mixed workload, all pages ({result['seconds']} s)",
            "p50": None,
            "p95": None,
            "rps": result["mixed_rps"],
            "errors": result["errors"],
            "ratio": result["mixed_rps"] / bare["rps"] if bare else None,
            "note": "ratio of throughputs",
        }
    )
    return rows


def fmt(value, pattern: str) -> str:
    width = int(re.match(r"\d+", pattern).group())
    return f"{'—':>{width}}" if value is None else format(value, pattern)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry-size", type=int, default=200_000)
    parser.add_argument("--requests-size", type=int, default=100_000)
    parser.add_argument("--load-seconds", type=int, default=60)
    args = parser.parse_args()

    python = sys.executable
    rows: list[dict] = []
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-all-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"{server_url()}/primaweb_bench"}
        code, output = run(
            [python, str(BENCH / "registry_bench.py"), "--size", str(args.registry_size)],
            env,
            "registry",
        )
        rows += registry_rows(output, args.registry_size)
        if code:
            failures.append(f"registry bench exit {code}")

        env = {**os.environ, "DATABASE_URL": fresh_database("primaweb_bench_requests")}
        code, output = run(
            [python, str(BENCH / "requests_bench.py"), "--size", str(args.requests_size)],
            env,
            "requests",
        )
        rows += requests_rows(output)
        if code and "RESULT: target missed" not in output:
            failures.append(f"requests bench exit {code}")

        result_file = Path(tmp) / "load.json"
        code, output = run(
            [
                python,
                str(BENCH / "load_bench.py"),
                "--seconds",
                str(args.load_seconds),
                "--json",
                str(result_file),
            ],
            dict(os.environ),
            "load",
        )
        if result_file.exists():
            load = json.loads(result_file.read_text())
            rows += load_rows(load)
        else:
            load = None
        if code:
            failures.append(f"load bench exit {code} (errors or lost writes)")

    print()
    print(
        f"make bench — {time.strftime('%Y-%m-%d %H:%M')} — {platform.node()}, "
        f"{os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}, "
        f"PostgreSQL, load average now {os.getloadavg()[0]:.1f}"
    )
    header = f"| {'page / operation':72} | {'p50 ms':>8} | {'p95 ms':>8} | {'req/s':>9} | "
    print(header + f"{'vs bare':>7} | note")
    print(f"| {'-' * 72} | {'-' * 7}: | {'-' * 7}: | {'-' * 8}: | {'-' * 6}: | ---")
    for row in rows:
        note = row.get("note", "")
        if row.get("unit"):
            note = f"{row['unit']}; {note}" if note else row["unit"]
        if row.get("errors"):
            note = f"{row['errors']} ERRORS; {note}"
        print(
            f"| {row['name']:72} | {fmt(row.get('p50'), '8.1f')} | {fmt(row.get('p95'), '8.1f')}"
            f" | {fmt(row.get('rps'), '9.1f')} | {fmt(row.get('ratio'), '7.2f')} | {note}"
        )
    if load:
        lost = load["successful_marks"] - load["recorded_marks"]
        print(
            f"\nload: {load['errors']} errors; mark read: {load['successful_marks']} POSTs "
            f"answered, {load['recorded_marks']} recorded, {lost} lost"
        )
    if failures:
        print("FAILED: " + "; ".join(failures))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
