"""Run by test_migrations.py in a subprocess, on a fresh database (DATABASE_URL): migrates it
from zero to the latest one migration at a time, loads the demo data, then for each project app
migrates back one step and forward again. Prints one JSON line; any error fails the process.
"""

from __future__ import annotations

import io
import json

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402

# Leaves first: each round trip starts with the data of the apps not rolled back yet (seeding
# once: the demo data takes ~20 s to load on PostgreSQL).
PROJECT_APPS = [
    "sppis_simulator",
    "reimbursement",
    "decisions",
    "instruction",
    "integration_income",
    "dossiers",
    "requests_online",
    "accesslog",
    "registry",
    "primaweb",
]


def executor() -> MigrationExecutor:
    # A fresh executor each time: it reads the applied migrations from the database.
    return MigrationExecutor(connection)


def latest() -> list[tuple[str, str]]:
    return executor().loader.graph.leaf_nodes()


def counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {
        model._meta.db_table: model._base_manager.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.db_table in tables
    }


def seed() -> None:
    call_command("seed_demo", force=True, stdout=io.StringIO())


def main() -> None:
    steps = []
    plan = executor().migration_plan(latest(), clean_start=True)
    for migration, _backwards in plan:
        executor().migrate([(migration.app_label, migration.name)])
        steps.append(f"{migration.app_label}.{migration.name}")
    assert not executor().migration_plan(latest()), "not at the latest state"
    seed()
    round_trips = []
    for label in PROJECT_APPS:
        graph = executor().loader.graph
        leaves = [node for node in graph.leaf_nodes() if node[0] == label]
        if not leaves:  # an app without models yet
            continue
        (leaf,) = leaves
        parents = [p for p in graph.node_map[leaf].parents if p.key[0] == label]
        target = parents[0].key[1] if parents else None  # None: the app back to zero
        before = counts()
        executor().migrate([(label, target)])
        kept_tables = set(connection.introspection.table_names())
        executor().migrate(latest())
        after = counts()
        lost = {t for t in before if before[t] != after.get(t) and t in kept_tables}
        assert not lost, f"{label}: rows lost in tables kept by the rollback: {sorted(lost)}"
        round_trips.append(
            {"app": label, "back_to": target or "zero", "rows": sum(before.values())}
        )
    print(json.dumps({"forward_steps": steps, "round_trips": round_trips, "rows": counts()}))


if __name__ == "__main__":
    main()
