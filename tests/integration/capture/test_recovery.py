"""A worker that dies mid-capture loses nothing: its lease runs out and the work resumes."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from meldpunt.bootstrap import parts
from meldpunt.capture import steps
from meldpunt.capture.leases import claim, move
from meldpunt.capture.models import Capture
from meldpunt.capture.pipeline import run_capture
from meldpunt.capture.services import ORPHAN_GRACE, reconcile, sweep_orphaned_content
from meldpunt.capture.states import CaptureState
from tests import factories
from tests.support.cases import case_state
from tests.support.imagesets import encode, sample
from tests.support.parts import FakeJobs, FixedClock, wired
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
        wired(),
    ):
        running.routes["/a.jpg"] = Route(PHOTO)
        yield running


def quiet_report(url, monkeypatch):
    """Report without running the job, as if the queue lost it."""
    with wired(jobs=FakeJobs()):
        factories.report(url)
    return Capture.objects.get(item__url=url)


def expire_lease(capture):
    Capture.objects.filter(pk=capture.pk).update(lease_until=timezone.now() - timedelta(seconds=1))


def test_a_lost_job_is_requeued_by_the_reconciler(site, monkeypatch):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    assert capture.state == CaptureState.QUEUED
    assert reconcile(parts().jobs) == 1  # immediate jobs: the re-queued job runs now
    capture.refresh_from_db()
    assert case_state(capture) == "awaiting_assessment" and capture.attempts == 1
    assert reconcile(parts().jobs) == 0


def test_with_no_jobs_waiting_every_stalled_capture_is_requeued(site, jobs, monkeypatch):
    monkeypatch.setattr("meldpunt.capture.services.STALLED_PAGE", 3)
    factories.report(*(site.url(f"/{n}.jpg") for n in range(7)))
    jobs.captures.clear()  # as if the queue had lost these jobs
    oldest = sorted(Capture.objects.values_list("pk", flat=True))

    assert reconcile(jobs) == 7  # nothing is coming for any of them
    assert sorted(pk for group in jobs.captures for pk in group) == oldest

    jobs.captures[:] = [[0]] * 40  # a backlog: quiet captures may only be waiting their turn
    assert reconcile(jobs) == 3
    assert sorted(pk for group in jobs.captures[40:] for pk in group) == oldest[:3]
    assert site.hits == []


def test_a_worker_dying_after_fetching_resumes_without_refetching(site, monkeypatch):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    held = claim([capture.pk])
    assert steps.fetch(held, lambda: None, parts()) == []  # committed FETCHED, then "dies"

    assert site.hits == ["/a.jpg"]
    assert run_capture(capture.pk, parts()) is None  # still leased: nobody else may touch it
    expire_lease(capture)
    assert reconcile(parts().jobs) == 1
    capture.refresh_from_db()
    assert case_state(capture) == "awaiting_assessment"
    assert site.hits == ["/a.jpg"] and capture.attempts == 1


def test_a_stale_worker_cannot_write_after_losing_its_lease(site, monkeypatch):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    [stale] = claim([capture.pk])
    expire_lease(capture)
    assert run_capture(capture.pk, parts()) == CaptureState.CONCLUDED
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
        state = run_capture(capture.pk, parts())
        capture.refresh_from_db()
        if capture.next_attempt_at:
            waits.append((capture.next_attempt_at - timezone.now()).total_seconds())
    assert state == CaptureState.FAILED_FINAL and capture.attempts == 5
    assert "HTTP 503" in capture.error
    assert waits == sorted(waits) and waits[0] > 50 and waits[-1] > 3000


@pytest.fixture
def own_store(tmp_path):
    """A content store of this test's own, so other tests' leftovers do not count."""
    with override_settings(MELDPUNT_CONTENT_DIR=tmp_path / "content"), wired() as own:
        yield own


def test_content_orphaned_by_a_killed_worker_is_swept_and_named_content_kept(
    site, own_store, monkeypatch
):
    capture = quiet_report(site.url("/a.jpg"), monkeypatch)
    run_capture(capture.pk, own_store)
    capture.refresh_from_db()
    store, clock = own_store.content_store, FixedClock(timezone.now())
    orphan = store.put(b"written, then the worker died before its step committed")
    short = store.put(b"a put cut short")
    (store.directory / "objects" / short[:2] / f"{short}.key").unlink()  # only .bin written
    assert sweep_orphaned_content(store, clock) == 0  # too young: a step may still commit
    clock.time += ORPHAN_GRACE + timedelta(minutes=1)
    assert sweep_orphaned_content(store, clock) == 2
    assert not store.exists(orphan) and not list(store.directory.rglob(f"{short}.*"))
    assert store.get(capture.content_object) and store.get(capture.thumbnail_object)
    assert sweep_orphaned_content(store, clock) == 0
