"""A request that meets a database lock for too long gets a calm 503, never a 500, and
nothing it sent is stored."""

import contextlib
import json
import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings

from meldpunt.audit.services import Actor, record_event
from meldpunt.intake.models import Item, Report

pytestmark = pytest.mark.django_db(transaction=True)

FORM = {"medium": "image", "found_on": "", "description": "", "contact": ""}


@contextlib.contextmanager
def lock_held_elsewhere():
    """Another connection holds what a report must write, as a long import would: SQLite's
    write lock, or on PostgreSQL the audit trail's head (with a short lock_timeout here)."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    import psycopg

    record_event(Actor.system(), "test.head", None, {})  # the head row exists
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '300ms'")
    held = connection.settings_dict
    with psycopg.connect(
        dbname=held["NAME"], host=held["HOST"], port=held["PORT"], user=held["USER"]
    ) as other:
        other.execute("SELECT 1 FROM audit_audithead FOR UPDATE")
        try:
            yield
        finally:
            other.rollback()
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")


def report(client, url="https://example.com/a.jpg"):
    return client.post(
        "/", {**FORM, "urls": url}, REMOTE_ADDR="198.51.100.7", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_a_report_that_meets_a_lock_too_long_is_answered_busy_and_not_stored(client):
    with lock_held_elsewhere():
        response = report(client)
    assert response.status_code == 503 and response["Retry-After"] == "60"
    page = response.content.decode()
    assert "The service is busy" in page and "Please try again in a minute." in page
    assert 'lang="en"' in page and "Nothing you sent has been stored." in page
    assert Report.objects.count() == Item.objects.count() == 0
    assert report(client).status_code == 303 and Report.objects.count() == 1


def test_the_busy_page_speaks_the_reporters_language(client):
    with lock_held_elsewhere():
        response = client.post(
            "/", {**FORM, "urls": "https://example.com/a.jpg"}, HTTP_ACCEPT_LANGUAGE="nl"
        )
    assert response.status_code == 503 and 'lang="nl"' in response.content.decode()


def test_the_partner_api_gets_a_busy_answer_in_json(client, partner):
    _, secret = partner
    body = json.dumps({"urls": ["https://example.com/a.jpg"], "medium": "image"})
    with lock_held_elsewhere():
        response = client.post(
            "/api/v1/reports", body, content_type="application/json", HTTP_X_API_KEY=secret
        )
    assert response.status_code == 503 and response["Retry-After"] == "60"
    assert "try again in a minute" in response.json()["detail"]
    assert Report.objects.count() == 0


def genuine_lock_error() -> OperationalError:
    """SQLite's own 'database is locked', as Django hands it on."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "locked.sqlite3"
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN IMMEDIATE")
        waiter = sqlite3.connect(path, timeout=0)
        try:
            waiter.execute("INSERT INTO t VALUES (1)")
        except sqlite3.OperationalError as error:
            try:
                raise OperationalError(str(error)) from error
            except OperationalError as wrapped:
                return wrapped
        finally:
            waiter.close()
            holder.close()
    raise AssertionError("the database was not locked")


class LockedOnTheWayOut:
    """A middleware whose write fails as the response leaves (as a session save would)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        self.get_response(request)
        raise genuine_lock_error()


class BrokenOnTheWayOut(LockedOnTheWayOut):
    """The same place, failing for a reason that is not a lock."""

    def __call__(self, request):
        self.get_response(request)
        raise OperationalError("no such table: intake_report")


def test_a_lock_met_in_a_middleware_is_answered_busy_too(settings):
    outer = Client(raise_request_exception=False)
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, f"{__name__}.LockedOnTheWayOut"]):
        response = outer.get("/status/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503 and "The service is busy" in response.content.decode()


def test_other_database_errors_are_not_passed_off_as_busy(settings):
    outer = Client(raise_request_exception=False)
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, f"{__name__}.BrokenOnTheWayOut"]):
        assert outer.get("/status/").status_code == 500


def timeouts_seen(serving_web: bool) -> tuple[str, str] | None:
    """lock_timeout and statement_timeout of a connection opened in a fresh thread (that has
    served a web request, or not); None on SQLite."""
    from django.db import connections

    from meldpunt.database_busy import _web_thread

    seen = []

    def look() -> None:
        _web_thread.serves_requests = serving_web
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('lock_timeout'), current_setting('statement_timeout')"
                )
                seen.append(cursor.fetchone())
        finally:
            connections.close_all()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    return seen[0]


def test_web_requests_wait_for_a_lock_as_long_as_configured_and_jobs_as_needed():
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"]["timeout"] == 20
        return
    assert timeouts_seen(serving_web=True) == ("20s", "20s")
    assert timeouts_seen(serving_web=False) == ("0", "0")
