"""CPAS Online requests benchmark (`make bench-requests`). Not a test: numbers depend on the
machine.

    python -m bench.requests_bench [--size 100000] [--seconds 5] [--rounds 3] [--json PATH]

1. builds a fresh SQLite database (or uses DATABASE_URL's PostgreSQL) with 100,000 requests
   over 10 CPAS and one agent session;
2. serves it with gunicorn, 2 gthread workers of 1 thread, a connection per request (as
   behind a reverse proxy), DEBUG off;
3. loads it with wrk (installed with apt-get when missing), 8 connections: the bare template
   page, the list (default filter; a date range; the default filter while another process
   marks CHURN_RATE requests of the CPAS read or unread each second, which renews the cached
   lists that often; a new random range each request, which no cache ever serves), the
   details page;
4. prints requests/s and p50/p95/p99 per page, twice: at saturation (each connection sends
   its next request as soon as the last one is answered: throughput, and the list/bare ratio)
   and paced (requests arrive at random, about PACED_RATE a second: latency under load);
5. writes the results as JSON.

Targets: p95 < 15 ms (paced) for the list and details pages, list/bare ratio >= 0.35.

JSON (--json, default bench-results/requests.json), built by `results_json`:
    bench                 "requests"
    database              "SQLite" or "PostgreSQL"
    rows                  requests in the database
    cpas                  CPAS they are spread over
    cpas_rows             requests of the agent's CPAS
    cpas_unread           unread requests of the agent's CPAS
    load_seconds          time to build the requests (bulk inserts and ANALYZE)
    workers               gunicorn gthread workers
    threads               threads per worker
    connections           wrk connections
    rounds                rounds per page and mode
    round_seconds         length of one round
    paced_rate_rps        requests per second asked for in the paced mode
    cpus                  CPUs of the machine
    saturated, paced      per mode, page name -> (bare page first, then the list rows, details)
        rps                   requests per second, all the rounds together
        p50_ms, p95_ms, p99_ms  median over the rounds of each round's percentile
        errors                HTTP status and socket errors, all the rounds together
        rounds_rps            each round's requests per second
    bare_page             name of the bare template page's row (the yardstick)
    list_bare_ratio       saturated throughput of a list row / of the bare page:
        default, date_range, changing, varied   one per list row
        rounds                the default list's ratio round by round
    targets_met           true when no error, every paced p95 but the bare page's < 15 ms,
                          and the default list's ratio >= 0.35
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from bench.common import (
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

CPAS_COUNT = 10
BARE_PAGE = "bare template page"
DEFAULT_LIST = "list (default: unread)"
P95_TARGET_MS = 15
RATIO_TARGET = 0.35
# Changes a second to the agent's CPAS's requests in the "changing" row: each one renews the
# CPAS's list version, so that cached lists are rendered again (selectors.list_results).
CHURN_RATE = 2
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"status_errors\\": %d, "
    .. "\\"socket_errors\\": %d, \\"p50_us\\": %d, \\"p95_us\\": %d, \\"p99_us\\": %d}\\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


# Paced runs: each connection waits a random (exponential) time between requests, so that
# requests arrive like agents' clicks at about PACED_RATE per second in all (3,000 pages a
# minute: a large CPAS's whole staff at work), below the server's capacity. Latency then
# measures the page more than the queue in front of it.
PACED_RATE = 50
PACED_SCRIPT = """
math.randomseed(os.time())
local mean_ms = %(mean_ms)f
function setup(thread)
  thread:set("seed", math.random(1, 1000000))
end
function init(args)
  math.randomseed(seed)
end
function delay()
  return -math.log(1 - math.random()) * mean_ms
end
"""


def varied_range_script(today: date) -> str:
    """A wrk `request` function asking the list for a random range of the last 200 days."""
    days = [(today - timedelta(days=back)).strftime("%d%%2F%m%%2F%Y") for back in range(200)]
    table = ", ".join(f'"{day}"' for day in reversed(days))
    return f"""
math.randomseed(os.time())
local days = {{{table}}}
request = function()
  local first = math.random(1, #days - 1)
  local last = math.random(first + 1, #days)
  return wrk.format(nil, "/demandes-cpas-online/?mode=demandes&state=non_lues&date_from="
    .. days[first] .. "&date_to=" .. days[last])
end
"""


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit("wrk is missing: install it (apt-get install wrk) and run again.")
    print("Installing wrk with apt-get…", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True, capture_output=True)
    return shutil.which("wrk") or "wrk"


def setup_data(size: int) -> dict:
    """Runs in a subprocess with the bench settings: the data set and an agent's session."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from primaweb.models import Profile, Role
    from requests_online.models import OnlineRequest

    call_command("migrate", verbosity=0)
    all_cpas = benchville_cpas(CPAS_COUNT)
    herstappe = all_cpas[0]
    user = User.objects.create_user("bench", password="bench-password-0123", first_name="Bench")
    profile = Profile.objects.create(user=user, cpas=herstappe, role=Role.SOCIAL_AGENT)

    rng = random.Random(1)
    today = timezone.localdate()
    started = time_module.perf_counter()
    batch: list[OnlineRequest] = []
    for index in range(size):
        cpas = all_cpas[index % len(all_cpas)]
        batch.append(fake_request(rng, cpas=cpas, today=today, reader=user, read_share=0.5))
        if len(batch) == 5000:
            OnlineRequest.objects.bulk_create(batch)
            batch = []
    OnlineRequest.objects.bulk_create(batch)
    analyze_database()
    load_seconds = time_module.perf_counter() - started

    session_key = agent_session(user, profile)
    unread = OnlineRequest.objects.for_cpas(herstappe).unread()
    details_pk = unread.newest_first().values_list("pk", flat=True)[25]
    start = today - timedelta(days=60)
    end = today - timedelta(days=30)
    return {
        "session": session_key,
        "details_pk": details_pk,
        "date_from": start.strftime("%d/%m/%Y"),
        "date_to": end.strftime("%d/%m/%Y"),
        "rows": OnlineRequest.objects.count(),
        "cpas": len(all_cpas),
        "cpas_rows": OnlineRequest.objects.for_cpas(herstappe).count(),
        "cpas_unread": unread.count(),
        "load_seconds": round(load_seconds, 1),
        "date": date.today().isoformat(),
    }


time_module = time


def churn(seconds: float, rate: float) -> None:
    """Runs in a subprocess with the bench settings: marks random requests of the agent's CPAS
    read or unread, `rate` times a second, for `seconds`, as the CPAS's agents would."""
    import django

    django.setup()
    from primaweb.models import Profile
    from requests_online.models import OnlineRequest
    from requests_online.services import request_mark_read, request_mark_unread

    profile = Profile.objects.select_related("user", "cpas").get(user__username="bench")
    pks = list(OnlineRequest.objects.for_cpas(profile.cpas).values_list("pk", flat=True))
    rng = random.Random(2)
    print("ready", flush=True)
    deadline = time_module.monotonic() + seconds
    while time_module.monotonic() < deadline:
        chosen = OnlineRequest.objects.get(pk=rng.choice(pks))
        mark = request_mark_unread if chosen.is_read else request_mark_read
        mark(online_request=chosen, agent=profile.user)
        time_module.sleep(1 / rate)


def run_wrk(wrk: str, url: str, *, session: str, seconds: int, connections: int, script: str):
    command = [
        wrk,
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        script,
        "-H",
        f"Cookie: sessionid={session}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(row for row in output.splitlines() if row.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def measure_rounds(pages, mode: str, run, *, rounds: int, seconds: int) -> dict[str, dict]:
    """Each page `rounds` times, in turn (the order rotating), then per page: the throughput
    of all its runs together, the median of the runs' percentiles, and each run's req/s."""
    names = list(pages)
    runs: dict[str, list[dict]] = {name: [] for name in names}
    for round_number in range(rounds):
        shift = round_number % len(names)
        for name in names[shift:] + names[:shift]:
            runs[name].append(run(name, mode, seconds))
    combined = {}
    for name, each in runs.items():
        duration = sum(result["duration_us"] for result in each) / 1e6
        combined[name] = {
            "rps": sum(result["requests"] for result in each) / duration,
            "each_rps": [result["rps"] for result in each],
            "status_errors": sum(result["status_errors"] for result in each),
            "socket_errors": sum(result["socket_errors"] for result in each),
            **{
                key: statistics.median(result[key] for result in each)
                for key in ("p50_us", "p95_us", "p99_us")
            },
        }
    return combined


def page_json(result: dict) -> dict:
    """One page's row of the JSON from `measure_rounds`'s (microseconds to milliseconds)."""
    return {
        "rps": round(result["rps"], 1),
        **{f"p{n}_ms": round(result[f"p{n}_us"] / 1000, 2) for n in (50, 95, 99)},
        "errors": result["status_errors"] + result["socket_errors"],
        "rounds_rps": [round(rps, 1) for rps in result["each_rps"]],
    }


def results_json(
    data: dict, args: argparse.Namespace, *, engine: str, saturated: dict, paced: dict
) -> dict:
    """The benchmark's JSON (schema in the module's docstring): `data` as `setup_data` returns
    it, the command's arguments, `measure_rounds`'s results at saturation and paced."""
    bare = saturated[BARE_PAGE]

    def ratio(name: str) -> float:
        return round(saturated[name]["rps"] / bare["rps"], 3)

    rows = {
        mode: {name: page_json(result) for name, result in table.items()}
        for mode, table in (("saturated", saturated), ("paced", paced))
    }
    errors = sum(row["errors"] for table in rows.values() for row in table.values())
    slow = [
        name
        for name, result in paced.items()
        if name != BARE_PAGE and result["p95_us"] >= P95_TARGET_MS * 1000
    ]
    ratios = {
        "default": ratio(DEFAULT_LIST),
        "date_range": ratio("list (date range)"),
        "changing": ratio(f"list (default, {CHURN_RATE} changes/s)"),
        "varied": ratio("list (date range, varied)"),
        "rounds": [
            round(list_rps / bare_rps, 3)
            for list_rps, bare_rps in zip(
                saturated[DEFAULT_LIST]["each_rps"], bare["each_rps"], strict=True
            )
        ],
    }
    return {
        "bench": "requests",
        "database": engine,
        **{key: data[key] for key in ("rows", "cpas", "cpas_rows", "cpas_unread")},
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
        "targets_met": not errors and not slow and ratios["default"] >= RATIO_TARGET,
    }


def check_page(url: str, session: str, expected: str) -> None:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body = response.read().decode()
        if response.status != 200 or expected not in body:
            raise SystemExit(f"{url} did not return the expected page ({response.status})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=5, help="per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--paced-rate", type=int, default=PACED_RATE, help="req/s when paced")
    parser.add_argument(
        "--json", default=str(results_path("requests")), help="where to write the results"
    )
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--churn", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.setup:
        print(json.dumps(setup_data(args.size)))
        return
    if args.churn:
        churn(args.churn, CHURN_RATE)
        return

    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="bench-requests-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    if database_url.startswith("postgres"):
        print("Using DATABASE_URL (it must be an empty, throwaway database).")
    env = bench_env(database_url)
    print(f"Building {args.size:,} requests over {CPAS_COUNT} CPAS…", flush=True)
    setup = subprocess.run(
        module_command("requests_bench", "--setup", "--size", str(args.size)),
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
    pacing = PACED_SCRIPT % {"mean_ms": args.connections * 1000 / args.paced_rate}
    varied = varied_range_script(date.fromisoformat(data["date"]))
    scripts = {}
    for label, text in (
        ("plain", WRK_SCRIPT),
        ("paced", pacing + WRK_SCRIPT),
        ("varied-plain", varied + WRK_SCRIPT),
        ("varied-paced", pacing + varied + WRK_SCRIPT),
    ):
        scripts[label] = workdir / f"{label}.lua"
        scripts[label].write_text(text)

    base = f"http://127.0.0.1:{args.port}"
    gunicorn = start_gunicorn(
        port=args.port, workers=args.workers, env=env, threads=args.threads, keep_alive=0
    )
    try:
        wait_for(f"{base}/connexion/")
        pages = {
            BARE_PAGE: ("/bench/bare/", "Bench"),
            DEFAULT_LIST: ("/demandes-cpas-online/", "demandes trouvées"),
            "list (date range)": (
                "/demandes-cpas-online/?"
                + urllib.parse.urlencode(
                    {
                        "mode": "demandes",
                        "state": "non_lues",
                        "date_from": data["date_from"],
                        "date_to": data["date_to"],
                    }
                ),
                "demandes trouvées",
            ),
            f"list (default, {CHURN_RATE} changes/s)": (
                "/demandes-cpas-online/",
                "demandes trouvées",
            ),
            # Each request a new range: neither the form's nor the list's cache ever helps.
            "list (date range, varied)": ("/demandes-cpas-online/", "demandes trouvées"),
            "details": (f"/demandes-cpas-online/{data['details_pk']}/", "Marquer comme lu"),
        }
        for path, expected in pages.values():
            check_page(base + path, data["session"], expected)
        load = {"session": data["session"], "connections": args.connections}

        def run(name: str, mode: str, seconds: int) -> dict:
            path = pages[name][0]
            script = scripts[f"varied-{mode}" if "varied" in name else mode]
            changing = None
            if "changes/s" in name:
                changing = subprocess.Popen(
                    module_command("requests_bench", "--churn", str(seconds + 1)),
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                changing.stdout.readline()  # "ready": Django is set up, the changes start
            try:
                return run_wrk(wrk, base + path, seconds=seconds, script=str(script), **load)
            finally:
                if changing is not None:
                    changing.wait(timeout=60)

        for name in pages:
            run(name, "plain", 2)  # warm-up
        # Rounds, each page in turn and in a rotating order: the VM's speed drifts by a third
        # over minutes, and a page measured minutes after the bare page would carry that drift
        # into its ratio.
        results = measure_rounds(pages, "plain", run, rounds=args.rounds, seconds=args.seconds)
        paced = measure_rounds(pages, "paced", run, rounds=args.rounds, seconds=args.seconds)
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print()
    print(
        f"{data['rows']:,} requests over {data['cpas']} CPAS ({engine}); the agent's CPAS holds "
        f"{data['cpas_rows']:,} ({data['cpas_unread']:,} unread); loaded in "
        f"{data['load_seconds']} s"
    )
    print(
        f"gunicorn {args.workers} gthread workers ({args.threads} thread each, a connection "
        "per request), "
        f"wrk {args.connections} connections, {args.rounds} rounds of {args.seconds} s per page "
        f"(req/s of all rounds together, median of the rounds' percentiles), "
        f"{os.cpu_count()} CPUs"
    )
    print()
    result = results_json(data, args, engine=engine, saturated=results, paced=paced)
    for title, mode in (
        (f"At saturation ({args.connections} connections without pause): throughput", "saturated"),
        (
            f"Paced (about {args.paced_rate} req/s over {args.connections} connections): latency",
            "paced",
        ),
    ):
        print(title)
        print(f"{'page':26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for name, row in result[mode].items():
            print(
                f"{name:26} {row['rps']:8.0f} {row['p50_ms']:8.1f} "
                f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f} {row['errors']:7d}"
            )
        print()
    ratios = result["list_bare_ratio"]
    print()
    print("list/bare ratio round by round: " + ", ".join(f"{r:.2f}" for r in ratios["rounds"]))
    print(
        f"list/bare throughput ratio: {ratios['default']:.2f} (date range: "
        f"{ratios['date_range']:.2f}, {CHURN_RATE} changes/s: {ratios['changing']:.2f}, "
        f"varied ranges: {ratios['varied']:.2f}; target >= {RATIO_TARGET})"
    )
    print(
        f"targets: p95 < {P95_TARGET_MS} ms (paced) for the list and details pages. At "
        f"saturation a closed loop of {args.connections} connections makes p95 at least about "
        f"{args.connections} / throughput (Little's law): queueing, not the page."
    )
    write_results(args.json, result)
    if not result["targets_met"]:
        print("RESULT: target missed")
        raise SystemExit(1)
    print("RESULT: targets met")


if __name__ == "__main__":
    main()
