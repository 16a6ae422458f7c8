"""Migrations: from zero to the latest one step at a time, with data, and back one step per
project app, on a fresh database of the same engine as the suite (PostgreSQL in CI's second
run, SQLite in the first)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_architecture import LAYERS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fresh_database_url(tmp_path):
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    import psycopg

    name = f"primaweb_migrations_{uuid.uuid4().hex[:8]}"
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migrations_forward_from_zero_and_back_one_step_per_app_with_data(fresh_database_url):
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database_url,
        "DJANGO_SETTINGS_MODULE": "primaweb.settings",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("migration_walk.py"))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    apps_walked = {step.split(".")[0] for step in report["forward_steps"]}
    assert {"primaweb", "registry", "accesslog", "requests_online", "dossiers"} <= apps_walked
    # Every app with migrations, top of the map first (tests/test_architecture.py).
    with_migrations = [app for app in reversed(LAYERS) if (ROOT / app / "migrations").is_dir()]
    with_migrations = [
        app for app in with_migrations if any((ROOT / app / "migrations").glob("0001_*.py"))
    ]
    assert [trip["app"] for trip in report["round_trips"]] == with_migrations
    assert all(trip["rows"] > 0 for trip in report["round_trips"])
    assert report["round_trips"][0]["rows"] > 1000  # the demo data, every table
