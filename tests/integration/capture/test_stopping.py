"""A process that is asked to stop gives its captures back: nothing failed, no attempt counted."""

import threading

import pytest
from django.test import override_settings

from meldpunt import shutdown
from meldpunt.audit.models import AuditEvent
from meldpunt.bootstrap import parts
from meldpunt.capture.models import Capture
from meldpunt.capture.pipeline import run_capture, run_captures
from meldpunt.capture.services import reconcile
from meldpunt.capture.states import CaptureState
from meldpunt.core.hashing.isolation import IsolationFailure, IsolationProblem
from tests import factories
from tests.support.cases import case_state
from tests.support.imagesets import encode, sample
from tests.support.parts import FakeJobs, wired
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = encode(sample("coffee.png"), "JPEG", 85)


@pytest.fixture
def site(local_site_reachable):
    with override_settings(MELDPUNT_CAPTURE_RECONCILE_AFTER_SECONDS=30):
        for n in range(4):
            local_site_reachable.routes[f"/{n}.jpg"] = Route(PHOTO)
        yield local_site_reachable


@pytest.fixture
def stop_flag():
    """This test's own stop flag, set by the test, put back afterwards."""
    flag = threading.Event()
    shutdown.watch(flag)
    yield flag
    shutdown.watch(threading.Event())


def quiet_report(urls, monkeypatch) -> list[int]:
    with wired(jobs=FakeJobs()):  # as if the queue lost the job
        factories.report(*urls)
    return sorted(Capture.objects.values_list("pk", flat=True))


def test_a_decoder_lost_to_a_stop_is_not_the_files_fault(site, stop_flag, monkeypatch):
    [pk] = quiet_report([site.url("/0.jpg")], monkeypatch)

    def decoder_killed_by_the_stop(data):
        stop_flag.set()  # the stop signal reached the decoder and the worker together
        raise IsolationFailure(IsolationProblem.STOPPED)

    monkeypatch.setattr("meldpunt.capture.steps.analyse_isolated", decoder_killed_by_the_stop)
    assert run_capture(pk, parts()) is None
    capture = Capture.objects.get(pk=pk)
    assert capture.state == CaptureState.FETCHED and capture.error == ""
    assert capture.lease_token == "" and capture.lease_until is None
    assert not AuditEvent.objects.filter(action="capture.failed_final").exists()

    monkeypatch.undo()
    stop_flag.clear()  # the restart
    assert reconcile(parts().jobs) == 1  # given back due at once: the first reconcile takes it
    capture.refresh_from_db()
    assert case_state(capture) == "awaiting_assessment" and capture.attempts == 1


def test_a_stop_during_downloads_gives_the_group_back_uncounted(site, stop_flag, monkeypatch):
    pks = quiet_report([site.url(f"/{n}.jpg") for n in range(4)], monkeypatch)
    fetched = []

    real = parts().fetcher

    class StopsAtTheFirstDownload:
        def fetch(self, url):
            if not fetched:
                fetched.append(url)
                stop_flag.set()
            return real.fetch(url)

    with wired(fetcher=StopsAtTheFirstDownload()) as stopping:
        ended = run_captures(pks, stopping)
    assert set(ended.values()) == {None}
    captures = Capture.objects.filter(pk__in=pks)
    assert {c.state for c in captures} == {CaptureState.FETCHING}
    assert {c.attempts for c in captures} == {0}  # the interrupted attempt does not count
    assert {c.lease_token for c in captures} == {""}
    assert not captures.filter(error__gt="").exists()


def test_a_real_failure_during_a_stop_is_still_recorded(site, stop_flag, monkeypatch):
    [pk] = quiet_report([site.url("/1.jpg")], monkeypatch)

    def crashed_on_the_file(data):
        stop_flag.set()
        raise IsolationFailure(IsolationProblem.CRASHED)

    monkeypatch.setattr("meldpunt.capture.steps.analyse_isolated", crashed_on_the_file)
    assert run_capture(pk, parts()) == CaptureState.FAILED_FINAL


def test_work_still_running_at_the_end_of_a_stop_is_given_back(site, stop_flag, monkeypatch):
    from meldpunt.capture.leases import claim, give_back_everything_held

    pks = quiet_report([site.url(f"/{n}.jpg") for n in range(2)], monkeypatch)
    claimed = claim(pks)  # a job that will not finish in time
    assert {c.lease_token for c in claimed} != {""}
    assert give_back_everything_held() == 2
    captures = Capture.objects.filter(pk__in=pks)
    assert {c.lease_token for c in captures} == {""} and {c.attempts for c in captures} == {0}
    assert give_back_everything_held() == 0


def test_a_decoder_killed_from_outside_is_retried_not_blamed(site, monkeypatch):
    [pk] = quiet_report([site.url("/2.jpg")], monkeypatch)

    def killed_by_the_kernel(data):
        raise IsolationFailure(IsolationProblem.STOPPED)

    monkeypatch.setattr("meldpunt.capture.steps.analyse_isolated", killed_by_the_kernel)
    assert run_capture(pk, parts()) == CaptureState.FAILED_RETRYABLE
    assert "stopped from outside" in Capture.objects.get(pk=pk).error


def test_nothing_is_claimed_once_the_stop_was_asked(site, stop_flag, monkeypatch):
    [pk] = quiet_report([site.url("/1.jpg")], monkeypatch)
    stop_flag.set()
    assert run_captures([pk], parts()) == {pk: None}
    capture = Capture.objects.get(pk=pk)
    assert capture.state == CaptureState.QUEUED and capture.attempts == 0
    assert site.hits == []


def test_an_internal_error_is_logged_without_its_message(site, monkeypatch, caplog):
    [pk] = quiet_report([site.url("/3.jpg")], monkeypatch)

    def leaks(data):
        quoted = "SECRET-PAGE-" + "TEXT"  # (the traceback shows source lines, not values)
        raise ValueError(f"{quoted} quoted by a library")

    monkeypatch.setattr("meldpunt.capture.steps.analyse_isolated", leaks)
    assert run_capture(pk, parts()) == CaptureState.FAILED_RETRYABLE
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ValueError" in logged and "SECRET-PAGE-TEXT" not in logged
    assert "SECRET-PAGE-TEXT" not in Capture.objects.get(pk=pk).error
