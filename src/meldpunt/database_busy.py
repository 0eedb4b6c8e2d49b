"""When the database stays locked past its wait, a calm 503 ("busy, try again in a minute").

A request that meets a lock waits for it, up to MELDPUNT_DB_LOCK_WAIT_SECONDS (SQLite's busy
timeout, PostgreSQL's lock_timeout). If the wait runs out, the database raises; the request's
transaction rolls back, so nothing it sent is half-stored; and the person is asked to try
again. A lock error raised in a view is answered here directly (process_exception). One raised
by another middleware (a session saved as the response leaves) reaches Django's own handler
first, which makes a 500 of it: that case is recognised through got_request_exception, sent
while the exception is still at hand, and the 500 is replaced on its way out.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout runs out
SQLITE_BUSY_CODES = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_MARK = "_meldpunt_database_busy"


def is_lock_timeout(error: BaseException | None) -> bool:
    """A database error that only says a lock was not free in time."""
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in SQLITE_BUSY_CODES
    return getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: a page for people, JSON for the partner API."""
    log.warning("database locked for too long; answered 503 to %s", request.method)
    if request.path.startswith("/api/"):
        detail = "The service is busy. Nothing was stored; try again in a minute."
        response: HttpResponse = JsonResponse({"detail": detail}, status=503)
    else:
        response = render(request, "busy.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """Outermost: no request that met a lock too long is answered 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return busy_response(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view's lock error, answered before Django logs it as a server error."""
        return busy_response(request) if is_lock_timeout(exception) else None


def _mark_busy(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    if request is not None and is_lock_timeout(sys.exc_info()[1]):
        setattr(request, _MARK, True)


got_request_exception.connect(_mark_busy, dispatch_uid="meldpunt-database-busy")
