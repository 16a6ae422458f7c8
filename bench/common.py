"""Helpers shared by the benchmarks: the bench server's environment, gunicorn, the data sets,
and the JSON results (`write_results`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timedelta
from datetime import time as day_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
# The settings of every benchmark process and of the gunicorn they start: bench/settings.py.
SETTINGS = "bench.settings"
# Where each benchmark writes its JSON by default: bench-results/<name>.json (git-ignored).
RESULTS_DIR = ROOT / "bench-results"


def results_path(name: str) -> Path:
    """The default JSON file of the benchmark `name` (registry, requests, load)."""
    return RESULTS_DIR / f"{name}.json"


def write_results(path: str | Path, result: dict) -> Path:
    """Writes a benchmark's results dictionary as JSON (creating the folder), says where."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results: {path}", flush=True)
    return path


def module_command(module: str, *args: str) -> list[str]:
    """`python -m bench.<module> args…`: run with cwd=ROOT, the package is found there."""
    return [sys.executable, "-m", f"bench.{module}", *args]


def bench_env(database_url: str) -> dict[str, str]:
    """Production-like settings (DEBUG off) without TLS, for a server on 127.0.0.1."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": SETTINGS,
    }


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 - the local bench server
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {url}")


def fake_request(rng, *, cpas, today, reader, read_share: float):
    """An unsaved OnlineRequest submitted in the last year, read with `read_share` odds.

    Needs Django set up (it imports the models).
    """
    from django.utils import timezone

    from requests_online.demo import FIRST_NAMES, LAST_NAMES
    from requests_online.models import Nature, OnlineRequest
    from requests_online.services import generate_reference

    day = today - timedelta(days=rng.randrange(365))
    moment = timezone.make_aware(datetime.combine(day, day_time(rng.randint(7, 22), 0)))
    read = rng.random() < read_share
    return OnlineRequest(
        reference=generate_reference(),
        cpas=cpas,
        submitted_on=day,
        submitted_at=moment,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        email="bench@example.be",
        phone="0484567862",
        postal_code="3717",
        locality="Herstappe",
        nature=rng.choice(Nature.values),
        description="Bench",
        lives_at_residence="oui",
        read_at=moment + timedelta(hours=2) if read else None,
        read_by=reader if read else None,
    )


def start_gunicorn(
    *,
    port: int,
    workers: int,
    env: dict[str, str],
    threads: int | None = None,
    keep_alive: int | None = None,
) -> subprocess.Popen:
    """The app behind gunicorn on 127.0.0.1:port, run from the project root (`--chdir`, where
    `bench.settings` is found); the caller stops it.

    Sync workers by default. With `threads`, gthread workers with that many threads: an open
    but idle connection then waits in the worker's poller instead of holding the worker, as a
    buffering reverse proxy spares sync workers in production. (wrk, pacing its requests,
    opens the next connection before its pause: sync workers sat idle waiting on it.)

    `keep_alive=0` closes each connection after its response, as gunicorn sees a reverse
    proxy that opens one connection per request (nginx's default). With kept-alive
    connections, each of the load generator's connections stays with the worker that
    accepted it, and how they fell (4 and 4, or 7 and 1) changed the throughput by 2 to 3
    times from run to run.
    """
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "primaweb.wsgi:application",
        "--chdir",
        str(ROOT),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    if threads:
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    if keep_alive is not None:
        command += ["--keep-alive", str(keep_alive)]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def benchville_cpas(count: int) -> list:
    """The demo CPAS fixture, plus made-up CPAS (each with a municipality and a postal code)
    up to `count`, in primary-key order. Needs Django set up."""
    from django.core.management import call_command

    from primaweb.models import Cpas, Municipality, PostalCode

    call_command("loaddata", "cpas", verbosity=0)
    for n in range(Cpas.objects.count(), count):
        prefix = f"0{400000 + n:07d}"
        cpas = Cpas.objects.create(
            name=f"CPAS de Benchville {n}", bce_number=f"{prefix}{97 - int(prefix) % 97:02d}"
        )
        municipality = Municipality.objects.create(
            nis_code=f"{95000 + n}", name=f"Benchville {n}", cpas=cpas
        )
        PostalCode.objects.create(
            code=f"{6000 + n}", locality=municipality.name, municipality=municipality
        )
    return list(Cpas.objects.order_by("pk"))


def analyze_database() -> None:
    """Planner statistics after a bulk load; on PostgreSQL a VACUUM too: bulk-loaded pages are
    not marked all-visible until autovacuum runs, and counts cannot use index-only scans
    before (production's steady state is the vacuumed one). Needs Django set up."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def agent_session(user, profile) -> str:
    """The key of a saved session in which `user` is logged in with `profile` selected, as
    after login and role choice. Needs Django set up."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from primaweb.middleware import SESSION_KEY as PROFILE_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[PROFILE_KEY] = profile.pk
    session.set_expiry(3600 * 4)
    session.save()
    return session.session_key
