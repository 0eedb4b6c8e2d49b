"""The analyst queue's order, the capture dashboard, and `meldpunt items`."""

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.db import transaction
from django.utils import timezone

from meldpunt.capture.models import Capture
from meldpunt.capture.queries import counts_per_state
from meldpunt.capture.states import CaptureState
from meldpunt.cases.concluding import Concluded, captures_concluded
from meldpunt.cases.queries import analyst_queue
from meldpunt.cli.main import cli
from meldpunt.core.cases.hotline import Hotline
from meldpunt.intake.models import Item
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
HOTLINE = Hotline("NL", 31)


def waiting(url, kind, reports=1, seen_before=False, age_days=0):
    """An item already captured and waiting, without running the pipeline."""
    report = None
    for _ in range(reports):
        report = factories.report(url)
    item = Item.objects.get(url=url)
    Item.objects.filter(pk=item.pk).update(
        first_reported_at=timezone.now() - timedelta(days=age_days)
    )
    Capture.objects.filter(item=item).update(
        state=CaptureState.CONCLUDED, kind=kind, seen_before=seen_before
    )
    capture = Capture.objects.select_related("item").get(item=item)
    with transaction.atomic():  # the pipeline's own last step, without a list or a trace
        captures_concluded([Concluded(capture, [], None, seen_before)], {}, HOTLINE)
    return report


def test_queue_priority_new_then_type_then_reports_then_age(jobs):
    waiting("https://a.example.com/old-image.jpg", "image", age_days=5)
    waiting("https://a.example.com/new-image.jpg", "image")
    waiting("https://a.example.com/popular.jpg", "image", reports=3)
    waiting("https://a.example.com/clip.mp4", "video")
    waiting("https://a.example.com/page", "html")
    waiting("https://a.example.com/known-again.mp4", "video", seen_before=True)
    order = [c.item.url.rsplit("/", 1)[1] for c in analyst_queue()]
    assert order == [
        "clip.mp4",
        "popular.jpg",
        "old-image.jpg",
        "new-image.jpg",
        "page",
        "known-again.mp4",
    ]


def test_an_item_reported_again_while_waiting_moves_up_the_queue(jobs):
    waiting("https://a.example.com/first.jpg", "image", age_days=2)
    waiting("https://a.example.com/second.jpg", "image")
    assert [c.item.url[-10:] for c in analyst_queue()] == ["/first.jpg", "second.jpg"]
    factories.report("https://a.example.com/second.jpg")
    assert [c.item.url[-10:] for c in analyst_queue()] == ["second.jpg", "/first.jpg"]


def test_dashboard_counts_and_chart(jobs, client):
    waiting("https://a.example.com/x.jpg", "image")
    factories.report("https://a.example.com/y.jpg")
    counts = {state: n for state, _, n in counts_per_state()}
    assert counts["concluded"] == 1 and counts["queued"] == 1 and counts["failed_final"] == 0
    client.force_login(factories.staff_user())
    page = client.get("/staff/capture/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and b"<svg" in page.content and b"Concluded" in page.content
    queue = client.get("/staff/capture/queue/", HTTP_ACCEPT_LANGUAGE="nl")
    assert queue.status_code == 200 and b"a.example.com" in queue.content


def test_items_command_lists_facts_for_one_report(jobs):
    report = waiting("https://b.example.com/one.jpg", "image")
    factories.report("https://b.example.com/other.jpg")
    result = CliRunner().invoke(cli, ["items", "--report", report.receipt_code, "--json"])
    assert result.exit_code == 0, result.output
    [fact] = json.loads(result.output)
    assert fact["url"] == "https://b.example.com/one.jpg" and fact["state"] == "concluded"
    assert fact["case_state"] == "awaiting_assessment"
    assert set(fact["hashes"]) >= {"md5", "sha1", "sha256", "pdq"} and fact["matches"] == []
    assert "concluded" in CliRunner().invoke(cli, ["items"]).output
    missing = CliRunner().invoke(cli, ["items", "--report", "NOPE-0000"])
    assert missing.exit_code == 1 and "No report has receipt code" in missing.output
