"""A worker that dies mid-capture loses nothing: its lease runs out and the work resumes."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from meldpunt.capture import steps, wiring
from meldpunt.capture.leases import claim, move
from meldpunt.capture.models import Capture
from meldpunt.capture.pipeline import run_capture
from meldpunt.capture.services import ORPHAN_GRACE, reconcile, sweep_orphaned_content
from meldpunt.capture.states import CaptureState
from tests import factories
from tests.support.cases import case_state
from tests.support.imagesets import encode, sample
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = encode(sample("coffee.png"), "JPEG", 85)


@pytest.fixture
def site():
    with (
        local_site() as running,
        override_settings(
            MELDPUNT_FETCH_ALLOW_LOOPBACK=True, MELDPUNT_CAPTURE_RECONCILE_AFTER_SECONDS=0
        ),
    ):
        wiring.fetcher.cache_clear()
        running.routes["/a.jpg"] = Route(PHOTO)
        yield running
    wiring.fetcher.cache_clear()


def quiet_report(url, monkeypatch):
    """Report without running the job, as if the queue lost it."""
    monkeypatch.setattr("meldpunt.capture.services.enqueue", lambda capture_ids: None)
    factories.report(url)
    monkeypatch.undo()
    return Capture.objects.get(item__url=url)


def expire_lease(capture):
    Capture.objects.filter(pk=capture.pk).update(lease_until=timezone.now() - timedelta(seconds=1))


def test_a_lost_job_is_requeued_by_the_reconciler(site, monkeypatch):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    assert capture.state == CaptureState.QUEUED
    assert reconcile() == 1  # immediate jobs: the re-queued job runs now
    capture.refresh_from_db()
    assert case_state(capture) == "awaiting_assessment" and capture.attempts == 1
    assert reconcile() == 0


def test_with_no_jobs_waiting_every_stalled_capture_is_requeued(site, sent, monkeypatch):
    from huey.contrib.djhuey import HUEY

    monkeypatch.setattr("meldpunt.capture.services.STALLED_PAGE", 3)
    waiting = [0]
    monkeypatch.setattr(HUEY, "pending_count", lambda: waiting[0])
    factories.report(*(site.url(f"/{n}.jpg") for n in range(7)))
    sent.clear()  # as if the queue had lost these jobs
    oldest = sorted(Capture.objects.values_list("pk", flat=True))

    assert reconcile() == 7  # nothing is coming for any of them
    assert sorted(pk for group in sent for pk in group) == oldest

    sent.clear()
    waiting[0] = 40  # a backlog: quiet captures may only be waiting their turn
    assert reconcile() == 3
    assert sorted(pk for group in sent for pk in group) == oldest[:3]
    assert site.hits == []


def test_a_worker_dying_after_fetching_resumes_without_refetching(site, monkeypatch):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    held = claim([capture.pk])
    assert steps.fetch(held, lambda: None) == []  # committed FETCHED, then the worker "dies"

    assert site.hits == ["/a.jpg"]
    assert run_capture(capture.pk) is None  # still leased: nobody else may touch it
    expire_lease(capture)
    assert reconcile() == 1
    capture.refresh_from_db()
    assert case_state(capture) == "awaiting_assessment"
    assert site.hits == ["/a.jpg"] and capture.attempts == 1


def test_a_stale_worker_cannot_write_after_losing_its_lease(site, monkeypatch):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    [stale] = claim([capture.pk])
    expire_lease(capture)
    assert run_capture(capture.pk) == CaptureState.CONCLUDED
    with pytest.raises(Exception, match=str(capture.pk)):
        move(stale, CaptureState.FAILED_FINAL, error="late writer")
    capture.refresh_from_db()
    assert case_state(capture) == "awaiting_assessment" and capture.error == ""


def test_retryable_failures_back_off_then_become_final(site, monkeypatch):
    capture = quiet_report(site.url("/down.jpg"), monkeypatch)
    site.routes["/down.jpg"] = Route(b"busy", 503)
    waits = []
    for _ in range(5):
        Capture.objects.filter(pk=capture.pk).update(next_attempt_at=None)
        state = run_capture(capture.pk)
        capture.refresh_from_db()
        if capture.next_attempt_at:
            waits.append((capture.next_attempt_at - timezone.now()).total_seconds())
    assert state == CaptureState.FAILED_FINAL and capture.attempts == 5
    assert "HTTP 503" in capture.error
    assert waits == sorted(waits) and waits[0] > 50 and waits[-1] > 3000


@pytest.fixture
def own_store(tmp_path):
    """A content store of this test's own, so other tests' leftovers do not count."""
    with override_settings(MELDPUNT_CONTENT_DIR=tmp_path / "content"):
        wiring.content_store.cache_clear()
        yield
    wiring.content_store.cache_clear()


def test_content_orphaned_by_a_killed_worker_is_swept_and_named_content_kept(
    site, own_store, monkeypatch
):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    run_capture(capture.pk)
    capture.refresh_from_db()
    store = wiring.content_store()
    orphan = store.put(b"written, then the worker died before its step committed")
    short = store.put(b"a put cut short")
    (store.directory / "objects" / short[:2] / f"{short}.key").unlink()  # only .bin written
    assert sweep_orphaned_content() == 0  # too young: a step may still be about to commit
    later = timezone.now() + ORPHAN_GRACE + timedelta(minutes=1)
    monkeypatch.setattr("meldpunt.capture.services.timezone.now", lambda: later)
    assert sweep_orphaned_content() == 2
    assert not store.exists(orphan) and not list(store.directory.rglob(f"{short}.*"))
    assert store.get(capture.content_object) and store.get(capture.thumbnail_object)
    assert sweep_orphaned_content() == 0
