"""« Lister les formulaires » benchmark (`make bench-forms`). Not a test: numbers depend on the
machine.

    python -m bench.forms_bench [--size 100000] [--seconds 5] [--rounds 3] [--json PATH]

The method and the measurement of the requests benchmark (bench/requests_bench.py), for the
list of formulaires B and C:

1. builds a fresh SQLite database (or uses DATABASE_URL's PostgreSQL) with `--size` forms
   (default 100,000) over 10 CPAS: 1,000 registry persons, a dossier of each in every CPAS,
   a request per dossier with its enquiry (the agent's CPAS has 5 social workers), and per
   form a proposal and a decision (80 % octroi with a form B, 20 % refus with a form C),
   forms in every state, created over the last year; VACUUM ANALYZE; one agent session;
2. serves it with gunicorn, 2 gthread workers of 1 thread, a connection per request, DEBUG
   off (bench/settings.py);
3. loads each page with wrk, 8 connections, in rounds (each page in turn, the order rotating):
   the bare template page, the list as the menu opens it (newest first), filtered by type
   and état, by a period of sending, by a social worker; at saturation (throughput, the
   list/bare ratio) and paced (about PACED_RATE requests a second: latency);
4. prints the table and the list/bare ratio (target >= 0.35, as the request list's);
5. writes the results as JSON.

JSON (--json, default bench-results/forms.json), built by `results_json`:
    bench                 "forms"
    database              "SQLite" or "PostgreSQL"
    rows                  forms in the database
    cpas                  CPAS they are spread over
    cpas_rows             forms of the agent's CPAS
    load_seconds          time to build the data set (bulk inserts and ANALYZE)
    workers, threads, connections, rounds, round_seconds, paced_rate_rps, cpus
    saturated, paced      per mode, page name -> (bare page first, then the list rows)
        rps                   requests per second, all the rounds together
        p50_ms, p95_ms, p99_ms  median over the rounds of each round's percentile
        errors                HTTP status and socket errors, all the rounds together
        rounds_rps            each round's requests per second
    bare_page             name of the bare template page's row (the yardstick)
    list_bare_ratio       saturated throughput of a list row / of the bare page:
        default, type_state, period, social_worker   one per list row
        rounds                the default list's ratio round by round
    targets_met           true when no error and the default list's ratio >= 0.35
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

from bench.common import (
    ROOT,
    agent_session,
    analyze_database,
    bench_env,
    benchville_cpas,
    module_command,
    results_path,
    start_gunicorn,
    wait_for,
    write_results,
)
from bench.requests_bench import (
    PACED_RATE,
    PACED_SCRIPT,
    WRK_SCRIPT,
    check_page,
    ensure_wrk,
    measure_rounds,
    page_json,
    run_wrk,
)

CPAS_COUNT = 10
PERSONS = 1000
WORKERS_PER_CPAS = 5
BATCH = 5000
BARE_PAGE = "bare template page"
DEFAULT_LIST = "forms list (default: newest)"
TYPE_STATE = "forms list (type B, accepté)"
PERIOD = "forms list (sent in 30 days)"
SOCIAL_WORKER = "forms list (social worker)"
RATIO_TARGET = 0.35
# The states of the forms, with their share (a CPAS's steady state: most forms accepted).
STATES = [
    ("accepte", 70),
    ("refuse", 8),
    ("bloque", 2),
    ("envoye", 5),
    ("brouillon", 10),
    ("remplace", 5),
]


def persons(rng: random.Random) -> list:
    """PERSONS registry persons (saved one by one: the save keeps the search columns)."""
    from registry.models import Person
    from registry.niss import niss_check_digits

    made = []
    for index in range(PERSONS):
        year, month, day = 1950 + index // 336, 1 + (index // 28) % 12, 1 + index % 28
        first_nine = f"{year % 100:02d}{month:02d}{day:02d}{2 * (1 + index % 400):03d}"
        person = Person(
            niss=first_nine + niss_check_digits(first_nine, born_after_1999=False),
            last_name=rng.choice(["Lambert", "Dupont", "Peeters", "Maes", "Jacobs", "Willems"]),
            first_names=rng.choice(["Anne", "Marie", "Sophie", "Julie", "Laura", "Emma"]),
            sex="F",
            birth_year=year,
            birth_month=month,
            birth_day=day,
            register="population",
        )
        person.save()
        made.append(person)
    return made


def bulk(model, rows: list) -> list:
    """Inserts the rows in batches; their primary keys are set (RETURNING)."""
    for start in range(0, len(rows), BATCH):
        model.objects.bulk_create(rows[start : start + BATCH])
    return rows


def setup_data(size: int) -> dict:
    """Runs in a subprocess with the bench settings: the data set and an agent's session."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from decisions.models import Decision, Proposal
    from dossiers.models import Dossier
    from instruction.models import DisRequest, SocialEnquiry
    from primaweb.models import Profile, Role
    from reimbursement.models import ReimbursementForm

    call_command("migrate", verbosity=0)
    all_cpas = benchville_cpas(CPAS_COUNT)
    herstappe = all_cpas[0]
    user = User.objects.create_user("bench", password="bench-password-0123", first_name="Bench")
    profile = Profile.objects.create(user=user, cpas=herstappe, role=Role.SOCIAL_AGENT)
    workers = {}
    for cpas in all_cpas:
        workers[cpas.pk] = []
        for n in range(WORKERS_PER_CPAS):
            worker = User.objects.create_user(
                f"as-{cpas.pk}-{n}", first_name=f"Assistant {n}", last_name=f"CPAS {cpas.pk}"
            )
            Profile.objects.create(user=worker, cpas=cpas, role=Role.SOCIAL_AGENT)
            workers[cpas.pk].append(worker)

    rng = random.Random(1)
    today = timezone.localdate()
    started = time.perf_counter()
    people = persons(rng)
    dossiers = bulk(
        Dossier,
        [
            Dossier(
                cpas=cpas,
                person=person,
                number=f"2026{index + 1:06d}",
                niss=person.niss,
                last_name=person.last_name,
                first_names=person.first_names,
                birth_date=f"{person.birth_day:02d}/{person.birth_month:02d}/{person.birth_year}",
                sex=person.sex,
                street="Rue Lambert",
                house_number="7",
                postal_code="3717",
                locality="Herstappe",
                country="Belgique",
                created_by=user,
            )
            for cpas in all_cpas
            for index, person in enumerate(people)
        ],
    )
    requests = bulk(
        DisRequest,
        [
            DisRequest(
                cpas_id=dossier.cpas_id,
                dossier=dossier,
                year=2026,
                sequence=index % PERSONS + 1,
                received_on=today - timedelta(days=rng.randrange(30, 400)),
                mode="ecrite",
                object="ri",
                created_by=user,
            )
            for index, dossier in enumerate(dossiers)
        ],
    )
    bulk(
        SocialEnquiry,
        [
            SocialEnquiry(request=request, social_worker=rng.choice(workers[request.cpas_id]))
            for request in requests
        ],
    )
    # The forms, their decisions and proposals, spread over the CPAS (request by request).
    plans = []
    for index in range(size):
        request = requests[index % len(requests)]
        grant = rng.random() < 0.8
        created = today - timedelta(days=rng.randrange(365))
        plans.append((request, grant, created))
    proposals = bulk(
        Proposal,
        [
            Proposal(
                cpas_id=request.cpas_id,
                request=request,
                type="octroi" if grant else "refus",
                category=3,
                right_from=created - timedelta(days=20),
                session_date=created - timedelta(days=5),
                organ="conseil",
                motivation="Bench",
                annual_amount=0,
                monthly_amount=0,
                first_month_amount=0,
                facts={},
                calculation={},
                created_by=user,
            )
            for request, grant, created in plans
        ],
    )
    decisions = bulk(
        Decision,
        [
            Decision(
                proposal=proposal,
                cpas_id=request.cpas_id,
                dossier_id=request.dossier_id,
                request=request,
                type="octroi" if grant else "refus",
                session_date=created - timedelta(days=5),
                organ="conseil",
                starts_on=created - timedelta(days=20),
                category=3 if grant else None,
                annual_amount=13000 if grant else 0,
                monthly_amount=1083 if grant else 0,
                first_month_amount=1083 if grant else 0,
                legal_motivation="Loi du 26 mai 2002.",
                factual_motivation="Bench.",
                piis="obligatoire" if grant else "",
                calculation={},
                recorded_by=user,
            )
            for proposal, (request, grant, created) in zip(proposals, plans, strict=True)
        ],
    )
    states = [state for state, share in STATES for _ in range(share)]
    forms = []
    for decision, (_request, grant, created) in zip(decisions, plans, strict=True):
        state = rng.choice(states)
        moment = timezone.make_aware(datetime.combine(created, day_time(rng.randint(8, 17))))
        sent = state != "brouillon"
        forms.append(
            ReimbursementForm(
                cpas_id=decision.cpas_id,
                dossier_id=decision.dossier_id,
                decision=decision,
                type="B" if grant else "C",
                state=state,
                niss="",
                effective_date=decision.starts_on,
                decision_date=decision.session_date,
                category=decision.category,
                annual_amount=decision.annual_amount,
                nature=None if grant else 1,
                created_at=moment,
                sent_at=moment + timedelta(hours=1) if sent else None,
                sent_by=user if sent else None,
                answered_at=moment + timedelta(hours=2) if sent and state != "envoye" else None,
                days_lost=0 if sent and state != "envoye" else None,
            )
        )
    bulk(ReimbursementForm, forms)
    analyze_database()
    load_seconds = time.perf_counter() - started

    session_key = agent_session(user, profile)
    start = today - timedelta(days=90)
    return {
        "session": session_key,
        "date_from": start.strftime("%d/%m/%Y"),
        "date_to": (start + timedelta(days=30)).strftime("%d/%m/%Y"),
        "social_worker": workers[herstappe.pk][0].pk,
        "rows": ReimbursementForm.objects.count(),
        "cpas": len(all_cpas),
        "cpas_rows": ReimbursementForm.objects.for_cpas(herstappe).count(),
        "load_seconds": round(load_seconds, 1),
        "date": date.today().isoformat(),
    }


def results_json(
    data: dict, args: argparse.Namespace, *, engine: str, saturated: dict, paced: dict
) -> dict:
    """The benchmark's JSON (schema in the module's docstring)."""
    bare = saturated[BARE_PAGE]

    def ratio(name: str) -> float:
        return round(saturated[name]["rps"] / bare["rps"], 3)

    rows = {
        mode: {name: page_json(result) for name, result in table.items()}
        for mode, table in (("saturated", saturated), ("paced", paced))
    }
    errors = sum(row["errors"] for table in rows.values() for row in table.values())
    ratios = {
        "default": ratio(DEFAULT_LIST),
        "type_state": ratio(TYPE_STATE),
        "period": ratio(PERIOD),
        "social_worker": ratio(SOCIAL_WORKER),
        "rounds": [
            round(list_rps / bare_rps, 3)
            for list_rps, bare_rps in zip(
                saturated[DEFAULT_LIST]["each_rps"], bare["each_rps"], strict=True
            )
        ],
    }
    return {
        "bench": "forms",
        "database": engine,
        **{key: data[key] for key in ("rows", "cpas", "cpas_rows")},
        "load_seconds": data["load_seconds"],
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "rounds": args.rounds,
        "round_seconds": args.seconds,
        "paced_rate_rps": args.paced_rate,
        "cpus": os.cpu_count(),
        **rows,
        "bare_page": BARE_PAGE,
        "list_bare_ratio": ratios,
        "targets_met": not errors and ratios["default"] >= RATIO_TARGET,
    }


def print_results(result: dict, data: dict, args: argparse.Namespace, engine: str) -> None:
    print()
    print(
        f"{data['rows']:,} forms over {data['cpas']} CPAS ({engine}); the agent's CPAS holds "
        f"{data['cpas_rows']:,}; loaded in {data['load_seconds']} s"
    )
    print(
        f"gunicorn {args.workers} gthread workers ({args.threads} thread each, a connection per "
        f"request), wrk {args.connections} connections, {args.rounds} rounds of {args.seconds} s "
        f"per page, {os.cpu_count()} CPUs"
    )
    for title, mode in (
        (f"At saturation ({args.connections} connections without pause): throughput", "saturated"),
        (f"Paced (about {args.paced_rate} req/s): latency", "paced"),
    ):
        print()
        print(title)
        print(f"{'page':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, row in result[mode].items():
            print(
                f"{name:30} {row['rps']:8.0f} {row['p50_ms']:8.1f} "
                f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f} {row['errors']:7d}"
            )
    ratios = result["list_bare_ratio"]
    print()
    print("list/bare ratio round by round: " + ", ".join(f"{r:.2f}" for r in ratios["rounds"]))
    print(
        f"list/bare throughput ratio: {ratios['default']:.2f} (type and état: "
        f"{ratios['type_state']:.2f}, period: {ratios['period']:.2f}, social worker: "
        f"{ratios['social_worker']:.2f}; target >= {RATIO_TARGET})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--paced-rate", type=int, default=PACED_RATE, help="req/s when paced")
    parser.add_argument(
        "--json", default=str(results_path("forms")), help="where to write the results"
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.setup:
        print(json.dumps(setup_data(args.size)))
        return

    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="bench-forms-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if database_url.startswith("postgres"):
        print("Using DATABASE_URL (it must be an empty, throwaway database).")
    env = bench_env(database_url)
    print(f"Building {args.size:,} forms over {CPAS_COUNT} CPAS…", flush=True)
    setup = subprocess.run(
        module_command("forms_bench", "--setup", "--size", str(args.size)),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if setup.returncode != 0:
        sys.stderr.write(setup.stdout + setup.stderr)
        raise SystemExit("setup failed")
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    scripts = {"plain": workdir / "plain.lua", "paced": workdir / "paced.lua"}
    scripts["plain"].write_text(WRK_SCRIPT)
    pacing = PACED_SCRIPT % {"mean_ms": args.connections * 1000 / args.paced_rate}
    scripts["paced"].write_text(pacing + WRK_SCRIPT)

    base = f"http://127.0.0.1:{args.port}"
    gunicorn = start_gunicorn(
        port=args.port, workers=args.workers, env=env, threads=args.threads, keep_alive=0
    )
    expected = "Formulaires B et C"
    pages = {
        BARE_PAGE: ("/bench/bare/", "Bench"),
        DEFAULT_LIST: ("/formulaires/", expected),
        TYPE_STATE: ("/formulaires/?type=B&state=accepte", expected),
        PERIOD: (
            "/formulaires/?"
            + urllib.parse.urlencode({"date_from": data["date_from"], "date_to": data["date_to"]}),
            expected,
        ),
        SOCIAL_WORKER: (f"/formulaires/?social_worker={data['social_worker']}", expected),
    }
    try:
        wait_for(f"{base}/connexion/")
        for path, text in pages.values():
            check_page(base + path, data["session"], text)
        load = {"session": data["session"], "connections": args.connections}

        def run(name: str, mode: str, seconds: int) -> dict:
            return run_wrk(
                wrk, base + pages[name][0], seconds=seconds, script=str(scripts[mode]), **load
            )

        for name in pages:
            run(name, "plain", 2)  # warm-up
        saturated = measure_rounds(pages, "plain", run, rounds=args.rounds, seconds=args.seconds)
        paced = measure_rounds(pages, "paced", run, rounds=args.rounds, seconds=args.seconds)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    result = results_json(data, args, engine=engine, saturated=saturated, paced=paced)
    print_results(result, data, args, engine)
    write_results(args.json, result)
    if not result["targets_met"]:
        print("RESULT: target missed")
        raise SystemExit(1)
    print("RESULT: target met")


if __name__ == "__main__":
    main()
