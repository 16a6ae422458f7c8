"""Structured logs: one JSON line per request, and the request id that ties it together.

`RequestLogMiddleware` (first in MIDDLEWARE) gives each request an id, echoes it in the
`X-Request-ID` response header (and the 500 page shows it, so that an agent can quote it),
and writes one line on the `primaweb.requests` logger: request id, user id, CPAS id, method,
path, status and duration. Never a name, a national number or a query string: paths carry
only ids, and any run of 11 digits or more is masked all the same. Health checks are not
logged (a balancer probes every few seconds).

`JsonFormatter` writes every log record as one JSON object, with the current request id.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID_HEADER = "X-Request-ID"
UNLOGGED_PATHS = ("/healthz/", "/readyz/")
REQUEST_FIELDS = ("user_id", "cpas_id", "method", "path", "status", "duration_ms")
_LONG_NUMBER = re.compile(r"\d{11,}")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")
logger = logging.getLogger("primaweb.requests")


def _user_and_cpas(request) -> tuple[int | None, int | None]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None, None
    profile = getattr(request, "profile", None)
    return user.pk, getattr(profile, "cpas_id", None)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        # Not reset at the end: Django's own "Bad Request"/"Internal Server Error" lines come
        # after this middleware returns, and should carry the id too. Each request sets its own.
        current_request_id.set(request.request_id)
        started = time.monotonic()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        if request.path not in UNLOGGED_PATHS:
            user_id, cpas_id = _user_and_cpas(request)
            logger.info(
                "request",
                extra={
                    "user_id": user_id,
                    "cpas_id": cpas_id,
                    "method": request.method,
                    "path": _LONG_NUMBER.sub("***", request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record (`-` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id.get() or None,
        }
        for field in REQUEST_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
