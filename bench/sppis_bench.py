"""Simulated SPP IS benchmark: how many forms `sppis_process` answers a second
(`make bench-sppis`). Not a test: numbers depend on the machine.

    python -m bench.sppis_bench [--forms 20000] [--json PATH]

1. migrates a fresh SQLite database in a temporary folder (or uses DATABASE_URL's PostgreSQL,
   which must be empty);
2. receives FORMS messages through `receive_message`, as the connector stores them: 80 %
   valid formulaires B (one beneficiary in four has two, the second a correction or a
   revision; one in five carries PIIS code 11), 10 % refused B (category 3 without a child,
   an amount above the category's), 5 % formulaires C (withdrawals of earlier B), 5 %
   malformed bodies; one decision in ten is two or three months old (late: B-TARD-01);
3. times one `answer_pending()` over the whole queue (each message in its own transaction,
   as the command does), then counts the SQL statements of 100 more forms;
4. prints the figures and writes them as JSON.

Goal (issue #16): at least 1,000 forms a second on SQLite.

JSON (--json, default bench-results/sppis.json), built by `results_json`:
    bench                 "sppis"
    database              "SQLite" or "PostgreSQL"
    cpus                  CPUs of the machine
    forms                 messages queued and answered by the timed run
    mix                   messages of each kind in the queue:
        valid_b, refused_b, form_c, malformed
    receive_seconds       time to receive the messages, one `receive_message` each
    receive_per_second    forms / receive_seconds
    process_seconds       time of the `answer_pending()` run (wall clock)
    forms_per_second      forms / process_seconds
    process_cpu_seconds   CPU time of this process during the run (the rest is waiting: the
                          disk, or other processes on a shared machine)
    forms_per_cpu_second  forms / process_cpu_seconds
    results               answers of the run by result:
        accepted, refused, blocked
    queries_per_form      SQL statements per form answered (100 more forms, counted)
    goal_forms_per_second  the goal, 1,000
    goal_met              forms_per_second >= goal_forms_per_second
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

from bench.common import SETTINGS, results_path, write_results

GOAL_FORMS_PER_SECOND = 1000
SAMPLE_FOR_QUERIES = 100
KINDS = ("valid_b", "refused_b", "form_c", "malformed")
CPAS = {"name": "CPAS de Benchville", "ins_code": "95000", "bce_number": "0400000097"}


def niss_of(serial: int) -> str:
    """A valid NISS: a birth date in the 1980s and the serial, with its check digits."""
    born = date(1980, 1, 1) + timedelta(days=serial % 3650)
    first_nine = f"{born:%y%m%d}{100 + serial // 3650 % 900:03d}"
    return f"{first_nine}{97 - int(first_nine) % 97:02d}"


def envelope(form: dict, reference: str, sent_on: date) -> dict:
    return {
        "schema": "urn:primaweb:sppis-form:1",
        "message_id": str(uuid.uuid4()),
        "sent_at": f"{sent_on.isoformat()}T09:30:00+01:00",
        "cpas": CPAS,
        "form_reference": reference,
        "form": form,
    }


def form_b(niss: str, day: date, decided: date, **changes) -> dict:
    form = {
        "type": "B",
        "niss": niss,
        "effective_date": day.isoformat(),
        "decision_date": decided.isoformat(),
        "category": 2,
        "notice_status": 0,
        "annual_amount": "12000.00",
        "art35_income_annual": None,
        "other_resources": [{"type": "sickness", "annual": "2079.96"}],
        "piis_code": None,
        "shortage_code": None,
        "activation_beneficiary": None,
        "activation_partner": None,
        "household": {"unmarried_minor_children": 0},
    }
    form.update(changes)
    return form


def form_c(niss: str, day: date, decided: date) -> dict:
    return {
        "type": "C",
        "niss": niss,
        "effective_date": day.isoformat(),
        "decision_date": decided.isoformat(),
        "nature": 2,
        "end_date": (day - timedelta(days=1)).isoformat(),
        "regularisation": 0,
    }


def queue_bodies(
    count: int, *, start: int = 0, seed: int = 1, today: date | None = None
) -> tuple[list[bytes], dict]:
    """`count` message bodies in sending order, and how many of each kind. Decisions are of
    the last three weeks (sent in time), one in ten of two or three months ago (late)."""
    today = today or date.today()
    rng = random.Random(seed)
    bodies: list[bytes] = []
    mix = dict.fromkeys(KINDS, 0)
    granted: list[tuple[str, date]] = []
    serial = start
    while len(bodies) < count:
        draw = rng.random()
        late = rng.random() < 0.1
        decided = today - timedelta(days=rng.randrange(60, 90) if late else rng.randrange(21))
        first = decided - timedelta(days=rng.randrange(30))
        if draw < 0.80:
            serial += 1
            niss = niss_of(serial)
            piis = 11 if rng.random() < 0.2 else None
            forms = [form_b(niss, first, decided, piis_code=piis)]
            if rng.random() < 0.25:
                if rng.random() < 0.5:  # a correction: same date, statut 1
                    forms.append(
                        form_b(niss, first, decided, notice_status=1, annual_amount="11500.00")
                    )
                else:  # a revision from the next month
                    later = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
                    forms.append(form_b(niss, later, decided, piis_code=piis))
            granted.append((niss, first))
            kind = "valid_b"
        elif draw < 0.90:
            serial += 1
            bad = {"category": 3} if rng.random() < 0.5 else {"annual_amount": "99999.00"}
            forms, kind = [form_b(niss_of(serial), first, decided, **bad)], "refused_b"
        elif draw < 0.95 and granted:
            niss, day = granted.pop(rng.randrange(len(granted)))
            forms, kind = [form_c(niss, day + timedelta(days=40), today)], "form_c"
        else:
            bodies.append(rng.choice([b"not json", b'{"message_id": 1}', b"\x00\xff"]))
            mix["malformed"] += 1
            continue
        for form in forms:
            message = envelope(form, f"{form['type']}-{len(bodies):07d}", today)
            bodies.append(json.dumps(message).encode())
            mix[kind] += 1
    return bodies[:count], mix


def django_setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


def run(forms: int) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sppis_simulator.models import Answer
    from sppis_simulator.services import answer_pending, receive_message

    call_command("migrate", verbosity=0)
    bodies, mix = queue_bodies(forms)
    started = time.perf_counter()
    for body in bodies:
        receive_message(body=body)
    received = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), time.process_time()
    answered = answer_pending()
    processed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    results = {
        result: Answer.objects.filter(result=result).count()
        for result in ("accepted", "refused", "blocked")
    }

    sample, _ = queue_bodies(SAMPLE_FOR_QUERIES, start=10_000_000, seed=2)
    for body in sample:
        receive_message(body=body)
    with CaptureQueriesContext(connection) as queries:
        answer_pending()
    return {
        "vendor": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
        "forms": answered,
        "mix": mix,
        "receive_seconds": received,
        "process_seconds": processed,
        "process_cpu_seconds": cpu,
        "results": results,
        "queries_per_form": len(queries) / SAMPLE_FOR_QUERIES,
    }


def results_json(measured: dict) -> dict:
    """The benchmark's JSON (schema in the module's docstring) from `run`'s dict."""
    forms = measured["forms"]
    per_second = forms / measured["process_seconds"] if measured["process_seconds"] else 0.0
    return {
        "bench": "sppis",
        "database": measured["vendor"],
        "cpus": os.cpu_count(),
        "forms": forms,
        "mix": measured["mix"],
        "receive_seconds": round(measured["receive_seconds"], 3),
        "receive_per_second": round(forms / measured["receive_seconds"], 1)
        if measured["receive_seconds"]
        else 0.0,
        "process_seconds": round(measured["process_seconds"], 3),
        "forms_per_second": round(per_second, 1),
        "process_cpu_seconds": round(measured["process_cpu_seconds"], 3),
        "forms_per_cpu_second": round(forms / measured["process_cpu_seconds"], 1)
        if measured["process_cpu_seconds"]
        else 0.0,
        "results": measured["results"],
        "queries_per_form": round(measured["queries_per_form"], 2),
        "goal_forms_per_second": GOAL_FORMS_PER_SECOND,
        "goal_met": per_second >= GOAL_FORMS_PER_SECOND,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=20_000)
    parser.add_argument("--json", default=str(results_path("sppis")), help="results file")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="primaweb-bench-sppis-") as tmp:
        if not database_url.startswith("postgres"):
            database_url = f"sqlite:///{Path(tmp) / 'sppis.sqlite3'}"
        django_setup(database_url)
        result = results_json(run(args.forms))
    print(f"\nSimulated SPP IS on {result['database']}: {result['forms']:,} forms")
    print(f"  receive   {result['receive_per_second']:>10,.0f} forms/s")
    print(
        f"  answer    {result['forms_per_second']:>10,.0f} forms/s "
        f"(goal {GOAL_FORMS_PER_SECOND:,}: {'met' if result['goal_met'] else 'NOT met'}), "
        f"{result['queries_per_form']} SQL statements a form"
    )
    print(f"  answer    {result['forms_per_cpu_second']:>10,.0f} forms per CPU second")
    print(f"  results   {result['results']}")
    write_results(args.json, result)


if __name__ == "__main__":
    main()
