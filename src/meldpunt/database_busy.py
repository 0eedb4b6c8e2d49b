"""When the database stays locked past its wait, a calm 503 ("busy, try again in a minute").

A request that meets a lock waits for it, up to MELDPUNT_DB_LOCK_WAIT_SECONDS: SQLite's busy
timeout; on PostgreSQL, the lock_timeout and statement_timeout of connections opened for web
requests. (lock_timeout alone counts each lock wait anew, and a request queued behind others
for one row waits once per request ahead of it; the statement's own limit bounds them all.
Jobs and commands keep waiting as long as they need.) If the wait runs out, the database
raises; the request's transaction rolls back, so nothing it sent is half-stored; and the
person is asked to try again.

A lock error raised in a view is answered here directly (process_exception). One raised by
another middleware (a session saved as the response leaves) reaches Django's own handler
first, which makes a 500 of it: that case is recognised through got_request_exception, sent
while the exception is still at hand, and the 500 is replaced on its way out.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
# PostgreSQL: lock_timeout, statement_timeout, and a deadlock or serialization failure the
# server broke up (the transaction was rolled back whole, so trying again is all there is to do).
OUT_OF_TIME = frozenset({"55P03", "57014", "40P01", "40001"})
SQLITE_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_MARK = "_meldpunt_database_busy"


def is_lock_timeout(error: BaseException | None) -> bool:
    """A database error that only says a lock was not free in time."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in SQLITE_BUSY_CODES
    return getattr(cause, "sqlstate", None) in OUT_OF_TIME


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: a page for people, JSON for the partner API."""
    if request.path.startswith("/api/"):
        return api_busy_response(request)
    log.warning("database locked for too long; answered 503 to %s", request.method)
    return _retry_later(render(request, "busy.html", status=503))


def api_busy_response(request: HttpRequest) -> HttpResponse:
    """The API's 503: JSON with Retry-After."""
    log.warning("database locked for too long; answered 503 to %s", request.method)
    detail = "The service is busy. Nothing was stored; try again in a minute."
    return _retry_later(JsonResponse({"detail": detail}, status=503))


def _retry_later(response: HttpResponse) -> HttpResponse:
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """Outermost: no request that met a lock too long is answered 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _web_thread.serves_requests = True
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return busy_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's lock error, answered before Django logs it as a server error."""
        return busy_response(request) if is_lock_timeout(exception) else None


class _WebThread(threading.local):
    serves_requests = False


_web_thread = _WebThread()


def limit_waits(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """A PostgreSQL connection opened to serve web requests waits at most the lock wait."""
    if connection.vendor != "postgresql" or not _web_thread.serves_requests:
        return
    limit = str(round(settings.MELDPUNT_DB_LOCK_WAIT_SECONDS * 1000))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('lock_timeout', %s, false), "
            "set_config('statement_timeout', %s, false)",
            [limit, limit],
        )


def _mark_busy(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    if request is not None and is_lock_timeout(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_busy, dispatch_uid="meldpunt-database-busy")
connection_created.connect(limit_waits, dispatch_uid="meldpunt-web-lock-wait")
