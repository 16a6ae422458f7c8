"""The simulator's reference rows (error codes, PIIS codes) and the RI amounts it compares
with: seeded by migrations, put back when a test that commits has emptied the tables (the
suite's flush after a transactional test removes migration-seeded rows too)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps


def seed(app: str, migration: str) -> None:
    importlib.import_module(f"{app}.migrations.{migration}").seed(apps, None)


@pytest.fixture(autouse=True)
def reference_rows(request):
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("_django_db_helper")  # database access, as the marker asks
    from integration_income.models import CategoryAmount
    from sppis_simulator.models import ErrorCode

    if not ErrorCode.objects.exists():
        seed("sppis_simulator", "0002_seed_codes")
    if not CategoryAmount.objects.exists():
        seed("integration_income", "0002_seed_amounts")
