"""Load test (`make bench-load`, part of `make bench`; not a test): the mixed agent workload
against gunicorn on PostgreSQL.

    python -m bench.load_bench [--seconds 60] [--users 16] [--json PATH]

1. a fresh PostgreSQL database (BENCH_DATABASE_URL's server, default the local one):
   50,000 requests over 10 CPAS (20,000 in the agents' CPAS), 20,000 registry persons,
   100 dossiers, 16 agents of one CPAS, each with its own session;
2. gunicorn, 2 sync workers, DEBUG off, the benchmarks' settings (`bench/settings.py`: the
   project's plus the bare template page of `bench/urls.py`);
3. locust headless, 16 users without think time: first the bare page (15 s), then the mixed
   workload (60 s): list, filtered list, details, mark read (POST), phonetic search, dossier page;
4. checks: zero errors, and no lost write (every mark-read POST answered with its redirect has
   its row read, with its reader; the new read rows are those plus at most one in-flight POST
   per user when the run stopped);
   prints p50/p95 and requests/s per page, writes them as JSON for `make bench`.

JSON (--json, default bench-results/load.json), built by `results_json`:
    bench                 "load"
    database              "PostgreSQL"
    rows                  online requests in the database
    home_rows             of them in the agents' CPAS
    persons               registry persons
    dossiers              dossiers
    users                 locust users (no think time)
    workers               gunicorn sync workers
    seconds               length of the mixed run
    bare_seconds          length of the bare page's run
    cpus                  CPUs of the machine
    load_average_before, load_average_after   1-minute load average around the runs
    pages                 page name -> (the bare page first, then the mixed workload's pages)
        requests              requests sent
        errors                failed requests
        p50_ms, p95_ms        locust's percentiles
        rps                   requests per second
    bare_page             name of the bare template page's row, or null if it did not run
    mixed_rps             requests per second of the mixed workload, all pages
    errors                failed requests, both runs
    mark_read             the "mark read" POSTs:
        answered              answered with their redirect (recorded by the locust users)
        recorded              of them, rows read with their reader in the database
        lost                  answered - recorded (must be 0)
        new_read_rows         rows read after the run minus before
        in_flight             new_read_rows - answered (POSTs served after locust stopped)
        locust_requests       POSTs counted by locust
    ok                    zero errors, no lost write, at most one POST in flight per user
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from bench.common import (
    BENCH,
    ROOT,
    agent_session,
    analyze_database,
    bench_env,
    benchville_cpas,
    fake_request,
    module_command,
    results_path,
    start_gunicorn,
    wait_for,
    write_results,
)

BARE_PAGE = "bare template page"
DB_NAME = "primaweb_bench_load"
AGENTS = 16
CPAS_COUNT = 10


def server_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url.rpartition("/")[0]


def fresh_database() -> str:
    base = server_url()
    subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"],
        check=True,
    )
    subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    return f"{base}/{DB_NAME}"


def setup_data(persons: int, requests_total: int) -> dict:
    """Runs in a subprocess with the bench settings; returns what the locust users need."""
    import io
    import random
    from datetime import timedelta

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from dossiers.services import dossier_create
    from primaweb.addresses import PostalAddress
    from primaweb.models import Profile, Role
    from registry.models import Person
    from requests_online.models import OnlineRequest

    call_command("migrate", verbosity=0)
    call_command("generate_registry", count=persons, seed=1, no_progress=True, stdout=io.StringIO())
    all_cpas = benchville_cpas(CPAS_COUNT)
    home = all_cpas[0]
    rng = random.Random(7)  # noqa: S311 - bench data
    today = timezone.localdate()
    reader = User.objects.create_user("reader", first_name="Agent", last_name="Lecteur")
    batch = []
    for index in range(requests_total):
        # 40 % in the agents' CPAS, the rest spread over the 9 others.
        cpas = home if index % 5 < 2 else all_cpas[1 + index % (len(all_cpas) - 1)]
        batch.append(fake_request(rng, cpas=cpas, today=today, reader=reader, read_share=0.3))
    OnlineRequest.objects.bulk_create(batch, batch_size=5000)

    users, sessions = [], []
    for n in range(AGENTS):
        user = User.objects.create_user(f"load{n}", first_name="Agent", last_name=f"Load {n}")
        profile = Profile.objects.create(user=user, cpas=home, role=Role.SOCIAL_AGENT)
        users.append(user)
        sessions.append(agent_session(user, profile))

    address = PostalAddress(
        street="Rue Lambert", house_number="7", postal_code="3717", locality="Herstappe"
    )
    people = list(Person.objects.filter(death_date__isnull=True).order_by("pk")[:300])
    dossiers = [
        dossier_create(cpas=home, person=person, address=address, created_by=users[0]).pk
        for person in people[:100]
    ]
    phonetic = []
    for person in people[100:300]:
        phonetic.append(
            urllib.parse.urlencode(
                {
                    "mode": "phonetique",
                    "last_name": person.last_name,
                    "first_names": person.first_names.split()[0] if person.first_names else "",
                    "birth_day": "00",
                    "birth_month": "00",
                    "birth_year": f"{person.birth_year:04d}",
                    "tolerance": str(rng.randint(0, 2)),
                }
            )
        )
    unread = list(
        OnlineRequest.objects.for_cpas(home).unread().order_by("?").values_list("pk", flat=True)
    )
    per_agent = len(unread) // (AGENTS + 1)
    pools = [unread[n * per_agent : (n + 1) * per_agent] for n in range(AGENTS)]
    details = unread[AGENTS * per_agent :] + list(
        OnlineRequest.objects.for_cpas(home).read().values_list("pk", flat=True)[:2000]
    )
    filters = [
        urllib.parse.urlencode(
            {
                "mode": "demandes",
                "state": rng.choice(["lues", "non_lues"]),
                "date_from": (today - timedelta(days=start)).strftime("%d/%m/%Y"),
                "date_to": (today - timedelta(days=start - 30)).strftime("%d/%m/%Y"),
            }
        )
        for start in range(60, 360, 10)
    ] + [
        # liste=1: the list found by the reference, not the request it would open (a redirect).
        urllib.parse.urlencode({"mode": "reference", "reference": reference.lower(), "liste": "1"})
        for reference in OnlineRequest.objects.for_cpas(home).values_list("reference", flat=True)[
            :100
        ]
    ]
    analyze_database()
    return {
        "agents": [
            {"session": key, "unread": pool} for key, pool in zip(sessions, pools, strict=True)
        ],
        "details": details,
        "dossiers": dossiers,
        "phonetic": phonetic,
        "filters": filters,
        "persons": Person.objects.count(),
        "requests": OnlineRequest.objects.count(),
        "home_requests": OnlineRequest.objects.for_cpas(home).count(),
        "read_before": OnlineRequest.objects.read().count(),
    }


def read_state(database_url: str, confirmed_file: Path) -> dict:
    """How many rows are read now, and how many confirmed mark-reads are not recorded."""
    code = (
        "import django, json, sys; django.setup();"
        "from requests_online.models import OnlineRequest;"
        "pks = json.load(open(sys.argv[1]));"
        "read = OnlineRequest.objects.read();"
        "print(json.dumps({'read': read.count(), 'confirmed': len(pks),"
        " 'recorded': read.filter(pk__in=pks, read_by__isnull=False).count()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(confirmed_file)],
        env=bench_env(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_locust(host: str, data_file: Path, phase: str, seconds: int, users: int, out: Path):
    prefix = out / phase
    env = {
        **os.environ,
        "LOAD_DATA": str(data_file),
        "LOAD_PHASE": phase,
        "LOAD_MARKED": str(out / f"{phase}_marked.json"),
    }
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f",
        str(BENCH / "load_locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--host",
        host,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "p50_ms": float(row["50%"]),
                "p95_ms": float(row["95%"]),
                "rps": float(row["Requests/s"]),
            }
    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with open(failures_file, encoding="utf-8") as handle:
            failures = list(csv.DictReader(handle))
    return rows, failures


def results_json(
    data: dict,
    args: argparse.Namespace,
    *,
    bare: dict,
    mixed: dict,
    state: dict,
    load_average: tuple[float, float],
) -> dict:
    """The load test's JSON (schema in the module's docstring): `data` as `setup_data` returns
    it, the command's arguments, `run_locust`'s rows of the bare and mixed runs, and
    `read_state`'s counts after the run."""
    pages = {**bare, **mixed}
    errors = sum(row["errors"] for row in pages.values())
    answered, recorded = state["confirmed"], state["recorded"]
    # POSTs still in flight when locust stopped are served but not counted by locust.
    new_read_rows = state["read"] - data["read_before"]
    in_flight = new_read_rows - answered
    lost = answered - recorded
    return {
        "bench": "load",
        "database": "PostgreSQL",
        "rows": data["requests"],
        "home_rows": data["home_requests"],
        "persons": data["persons"],
        "dossiers": len(data["dossiers"]),
        "users": args.users,
        "workers": args.workers,
        "seconds": args.seconds,
        "bare_seconds": args.bare_seconds,
        "cpus": os.cpu_count(),
        "load_average_before": round(load_average[0], 2),
        "load_average_after": round(load_average[1], 2),
        "pages": pages,
        "bare_page": BARE_PAGE if BARE_PAGE in bare else None,
        "mixed_rps": round(sum(row["rps"] for row in mixed.values()), 2),
        "errors": errors,
        "mark_read": {
            "answered": answered,
            "recorded": recorded,
            "lost": lost,
            "new_read_rows": new_read_rows,
            "in_flight": in_flight,
            "locust_requests": mixed.get("mark read (POST)", {}).get("requests", 0),
        },
        "ok": errors == 0 and lost == 0 and 0 <= in_flight <= args.users and answered > 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--bare-seconds", type=int, default=15)
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument(
        "--json", default=str(results_path("load")), help="where to write the results"
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        print(json.dumps(setup_data(args.persons, args.requests)))
        return

    database_url = fresh_database()
    env = bench_env(database_url)
    print(
        f"Load bench: building {args.requests:,} requests, {args.persons:,} persons on PostgreSQL…",
        flush=True,
    )
    setup = subprocess.run(
        module_command(
            "load_bench",
            "--setup",
            "--persons",
            str(args.persons),
            "--requests",
            str(args.requests),
        ),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if setup.returncode != 0:
        sys.stderr.write(setup.stdout[-3000:] + setup.stderr[-5000:])
        raise SystemExit("setup failed")
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    data_file = workdir / "data.json"
    data_file.write_text(json.dumps(data))

    host = f"http://127.0.0.1:{args.port}"
    gunicorn = start_gunicorn(port=args.port, workers=args.workers, env=env)
    load_before = os.getloadavg()[0]
    try:
        wait_for(f"{host}/connexion/")
        run_locust(host, data_file, "bare", 3, args.users, workdir)  # warm-up
        bare, bare_failures = run_locust(
            host, data_file, "bare", args.bare_seconds, args.users, workdir
        )
        mixed, failures = run_locust(host, data_file, "mixed", args.seconds, args.users, workdir)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
    load_after = os.getloadavg()[0]

    state = read_state(database_url, workdir / "mixed_marked.json")
    result = results_json(
        data,
        args,
        bare=bare,
        mixed=mixed,
        state=state,
        load_average=(load_before, load_after),
    )

    print()
    print(
        f"{data['requests']:,} requests ({data['home_requests']:,} in the agents' CPAS), "
        f"{data['persons']:,} persons, {len(data['dossiers'])} dossiers (PostgreSQL); gunicorn "
        f"{args.workers} sync workers, locust {args.users} users without think time, "
        f"bare {args.bare_seconds} s then mixed {args.seconds} s; {os.cpu_count()} CPUs, "
        f"load average {load_before:.1f} before, {load_after:.1f} after"
    )
    print(f"{'page':28} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8}")
    for name, row in result["pages"].items():
        print(
            f"{name:28} {row['requests']:9d} {row['errors']:7d} {row['p50_ms']:8.0f} "
            f"{row['p95_ms']:8.0f} {row['rps']:8.1f}"
        )
    print(
        f"{'mixed workload, all pages':28} {'':9} {'':7} {'':8} {'':8} {result['mixed_rps']:8.1f}"
    )
    marks = result["mark_read"]
    no_loss = marks["lost"] == 0 and 0 <= marks["in_flight"] <= args.users
    print(
        f"mark read: {marks['answered']} POSTs answered with their redirect, {marks['recorded']} "
        f"of them recorded (read_at and reader set), {marks['new_read_rows']} new read rows "
        f"({marks['in_flight']} from POSTs in flight when the run stopped); "
        f"{'no lost write' if no_loss else 'WRITES LOST'}"
    )
    for failure in (bare_failures + failures)[:10]:
        print(f"  error: {failure}")
    write_results(args.json, result)
    print("RESULT:", "zero errors, no lost write" if result["ok"] else "FAILED")
    if not result["ok"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
