"""Health checks for a load balancer or an orchestrator: no login, no data, never cached.

- `/healthz/` (liveness): the process answers requests. It touches nothing else, so a
  database outage does not get every app server restarted.
- `/readyz/` (readiness): the database answers a query and the cache stores and returns a
  value; 503 otherwise, so the balancer stops sending agents to this server.

Both say only "ok" or "error" per check: no version, no host, no error text.
"""

from __future__ import annotations

import logging
import secrets

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
CACHE_KEY = "primaweb:readiness"  # one key, overwritten by every probe


@login_not_required
@never_cache
@require_safe
def liveness(request):
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        logger.exception("readiness: the database does not answer")
        return False


def _cache_ok() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set(CACHE_KEY, token, 30)
        return cache.get(CACHE_KEY) == token
    except Exception:  # noqa: BLE001
        logger.exception("readiness: the cache does not answer")
        return False


@login_not_required
@never_cache
@require_safe
def readiness(request):
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "error",
            "checks": {name: "ok" if ok else "error" for name, ok in checks.items()},
        },
        status=200 if ready else 503,
    )
