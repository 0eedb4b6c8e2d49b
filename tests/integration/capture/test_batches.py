"""Captures go through the pipeline in groups: sent together, downloaded side by side, committed
together, and still each with its own outcome, failure and audit event."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from meldpunt.audit.models import AuditEvent
from meldpunt.bootstrap import parts
from meldpunt.capture import steps
from meldpunt.capture.leases import Heartbeat, claim
from meldpunt.capture.models import Capture
from meldpunt.capture.pipeline import run_captures
from meldpunt.capture.states import CaptureState
from tests import factories
from tests.support.capture_photos import COPY, FRESH, OTHER
from tests.support.cases import case_state
from tests.support.parts import wired
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site():
    with (
        local_site() as running,
        override_settings(MELDPUNT_FETCH_ALLOW_LOOPBACK=True, MELDPUNT_CAPTURE_BATCH=16),
        wired(),
    ):
        slow = {"delay_seconds": 0.3}
        running.routes.update(
            {
                "/copy.jpg": Route(COPY, **slow),
                "/fresh.jpg": Route(FRESH, **slow),
                "/other.png": Route(OTHER, **slow),
                "/broken.jpg": Route(FRESH[:1500], **slow),
                "/busy.jpg": Route(b"busy", 503),
            }
        )
        yield running


PATHS = ("/copy.jpg", "/fresh.jpg", "/other.png", "/broken.jpg", "/busy.jpg", "/missing.jpg")


def test_one_report_is_one_group_with_an_outcome_for_each_capture(site, police_list, sent):
    factories.report(*(site.url(p) for p in PATHS))
    [group] = sent
    ended = run_captures(group, parts())
    by_path = {
        c.item.url.rsplit("/", 1)[1]: c for c in Capture.objects.select_related("item").all()
    }
    assert {by_path[p.lstrip("/")].pk: by_path[p.lstrip("/")].state for p in PATHS} == ended
    assert {name: c.state for name, c in by_path.items()} == {
        "copy.jpg": CaptureState.CONCLUDED,
        "fresh.jpg": CaptureState.CONCLUDED,
        "other.png": CaptureState.CONCLUDED,
        "broken.jpg": CaptureState.CONCLUDED,
        "busy.jpg": CaptureState.FAILED_RETRYABLE,
        "missing.jpg": CaptureState.FAILED_FINAL,
    }
    assert {name: case_state(c) for name, c in by_path.items()} == {
        "copy.jpg": "settled_by_match",
        "fresh.jpg": "awaiting_assessment",
        "other.png": "awaiting_assessment",
        "broken.jpg": "awaiting_assessment",
        "busy.jpg": "received",
        "missing.jpg": "received",
    }
    assert site.load.most >= 2  # downloaded side by side
    assert by_path["broken.jpg"].media_problem == "damaged"
    assert all(c.lease_token == "" and c.attempts == 1 for c in by_path.values())
    events = AuditEvent.objects.filter(action__in=["capture.failed_final", "case.captured"])
    assert sorted(e.subject for e in events) == sorted(
        f"intake.item:{c.item_id}" for name, c in by_path.items() if name != "busy.jpg"
    )


def test_a_transaction_sends_its_captures_in_groups_of_the_batch_size(
    site, sent, settings, monkeypatch
):
    settings.MELDPUNT_CAPTURE_BATCH = 4
    monkeypatch.setattr("meldpunt.capture.services.OUTBOX_CHECK", 6)  # checked in two parts
    factories.report(*(site.url(f"/{n}.jpg") for n in range(10)))
    assert [len(group) for group in sent] == [4, 2, 4]
    assert [pk for group in sent for pk in group] == sorted(
        Capture.objects.values_list("pk", flat=True)
    )


def report_then_roll_back(url):
    with transaction.atomic():
        factories.report(url)
        transaction.set_rollback(True)


def test_a_rolled_back_capture_is_never_sent(site, sent):
    report_then_roll_back(site.url("/fresh.jpg"))
    assert sent == [] and not Capture.objects.exists()
    factories.report(site.url("/other.png"))
    [other] = Capture.objects.all()
    assert sent == [[other.pk]]
    assert run_captures(sent[0], parts()) == {other.pk: CaptureState.CONCLUDED}


def test_a_capture_taken_over_mid_group_is_left_alone_and_the_rest_finish(
    site, police_list, sent, monkeypatch
):
    factories.report(*(site.url(p) for p in ("/copy.jpg", "/fresh.jpg", "/other.png")))
    [group] = sent
    taken = Capture.objects.get(item__url=site.url("/fresh.jpg"))
    downloads = steps.side_by_side

    def then_taken_over(*args):
        yield from downloads(*args)  # all downloaded; now its lease runs out and another takes it
        Capture.objects.filter(pk=taken.pk).update(lease_token="another worker")

    monkeypatch.setattr(steps, "side_by_side", then_taken_over)
    ended = run_captures(group, parts())
    assert ended.pop(taken.pk) is None
    assert sorted(ended.values()) == [CaptureState.CONCLUDED, CaptureState.CONCLUDED]
    taken.refresh_from_db()
    assert taken.state == CaptureState.FETCHING and taken.lease_token == "another worker"
    assert not AuditEvent.objects.filter(subject=f"intake.item:{taken.item_id}").exists()


def test_the_heartbeat_keeps_a_long_groups_leases(site, sent, settings):
    settings.MELDPUNT_CAPTURE_LEASE_SECONDS = 30
    factories.report(site.url("/fresh.jpg"), site.url("/other.png"))
    held = claim(sent[0])
    first = {c.pk: c.lease_until for c in Capture.objects.all()}
    heartbeat = Heartbeat(held)
    heartbeat()  # too soon: nothing to do
    assert {c.pk: c.lease_until for c in Capture.objects.all()} == first
    heartbeat.last -= 11  # a third of the lease has passed
    heartbeat()
    later = {c.pk: c.lease_until for c in Capture.objects.all()}
    assert all(later[pk] > first[pk] for pk in first)
    assert all(at > timezone.now() + timedelta(seconds=25) for at in later.values())
