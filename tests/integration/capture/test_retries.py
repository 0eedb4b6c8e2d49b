"""Failed captures are not failed for ever: a new report, the staff page and the command line
each give them a fresh attempt, audited, through the lease rules."""

from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from meldpunt.audit.models import AuditEvent
from meldpunt.capture.models import Capture
from meldpunt.capture.states import CaptureState
from meldpunt.cli.main import cli
from tests import factories
from tests.support.capture_photos import FRESH
from tests.support.parts import loopback_allowed
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.django_db(transaction=True)

FINAL, RETRYABLE = CaptureState.FAILED_FINAL, CaptureState.FAILED_RETRYABLE


def failed(url: str, state=FINAL, attempts=5, next_in=None, error="HTTP 404 from the server"):
    """An item whose capture failed, without running the pipeline."""
    factories.report(url)
    capture = Capture.objects.get(item__url=url)
    next_attempt = timezone.now() + next_in if next_in else None
    Capture.objects.filter(pk=capture.pk).update(
        state=state, attempts=attempts, error=error, next_attempt_at=next_attempt
    )
    return capture


def state_of(capture: Capture) -> tuple[str, int, str]:
    capture.refresh_from_db()
    return capture.state, capture.attempts, capture.error


def retried_events():
    return [
        (e.actor, e.details["reason"], e.details["was"], e.details["capture"])
        for e in AuditEvent.objects.filter(action="capture.retried").order_by("seq")
    ]


@pytest.fixture
def site():
    with local_site() as running, loopback_allowed():
        yield running


def test_a_failed_address_that_works_again_is_captured_when_reported_again(site):
    factories.report(site.url("/photo.jpg"))
    capture = Capture.objects.get(item__url=site.url("/photo.jpg"))
    assert state_of(capture)[0] == FINAL and "HTTP 404" in capture.error
    site.routes["/photo.jpg"] = Route(FRESH, headers={"Content-Type": "image/jpeg"})

    factories.report(site.url("/photo.jpg"))
    assert state_of(capture) == (CaptureState.CONCLUDED, 1, "")
    assert capture.item.report_count == 2 and len(capture.sha256) == 64
    assert retried_events() == [("public", "reported again", FINAL, capture.pk)]
    assert "HTTP 404" in AuditEvent.objects.get(action="capture.retried").details["error"]


def test_a_new_report_restarts_a_retry_that_waits_long_and_leaves_one_due_soon(sent):
    far = failed("https://a.example.com/far.jpg", RETRYABLE, attempts=4, next_in=timedelta(hours=4))
    soon = failed("https://a.example.com/soon.jpg", RETRYABLE, 2, next_in=timedelta(minutes=3))
    working = Capture.objects.get(pk=failed("https://a.example.com/w.jpg").pk)
    Capture.objects.filter(pk=working.pk).update(state=CaptureState.CONCLUDED)
    sent.clear()

    factories.report(*(f"https://a.example.com/{name}.jpg" for name in ("far", "soon", "w")))
    assert state_of(far) == (CaptureState.QUEUED, 0, "")
    assert state_of(soon)[:2] == (RETRYABLE, 2)
    assert state_of(working)[0] == CaptureState.CONCLUDED
    assert sent == [[far.pk]]
    assert retried_events() == [("public", "reported again", RETRYABLE, far.pk)]


def test_a_capture_a_worker_holds_is_not_restarted(sent):
    held = failed("https://a.example.com/held.jpg", RETRYABLE, 2, next_in=timedelta(hours=2))
    Capture.objects.filter(pk=held.pk).update(lease_token="a-worker", state=CaptureState.FETCHING)
    factories.report("https://a.example.com/held.jpg")
    assert state_of(held)[:2] == (CaptureState.FETCHING, 2)
    assert retried_events() == []


def test_the_failed_page_lists_failures_with_their_errors(staff, sent):
    failed("https://a.example.com/gone.jpg", error="HTTP 410 from the server")
    failed("https://b.example.com/x.jpg", RETRYABLE, 3, timedelta(hours=1), "connection timed out")
    client, _ = staff("analyst")
    page = client.get("/staff/capture/failed/").content.decode()
    assert "https://a.example.com/gone.jpg" in page and "HTTP 410 from the server" in page
    assert "connection timed out" in page and "next try" in page
    assert page.count('name="item"') == 2 and "Retry all 2 failed captures" in page
    assert "2 failed captures" in client.get("/staff/capture/").content.decode()


def test_staff_retry_one_capture_from_the_page(staff, sent):
    capture = failed("https://a.example.com/gone.jpg")
    client, user = staff("senior_analyst")
    response = client.post("/staff/capture/failed/retry/", {"item": capture.item_id}, follow=True)
    assert response.redirect_chain == [("/staff/capture/failed/", 302)]
    assert f"The capture of item #{capture.item_id} is queued" in response.content.decode()
    assert "No capture has failed." in response.content.decode()
    assert state_of(capture) == (CaptureState.QUEUED, 0, "")
    assert sent[-1] == [capture.pk]
    assert retried_events() == [(f"staff:{user.pk}", "retry requested", FINAL, capture.pk)]


def test_staff_retry_all_failed_captures(staff, sent):
    captures = [failed(f"https://a.example.com/{n}.jpg") for n in range(3)]
    client, _ = staff("manager")
    response = client.post("/staff/capture/failed/retry/", {"all": "1"}, follow=True)
    assert "3 failed captures are queued for a fresh attempt." in response.content.decode()
    assert all(state_of(c)[0] == CaptureState.QUEUED for c in captures)
    assert len(retried_events()) == 3


def test_retrying_what_has_not_failed_or_does_not_exist_says_so(staff, sent):
    factories.report("https://a.example.com/fine.jpg")
    fine = Capture.objects.get(item__url="https://a.example.com/fine.jpg")
    client, _ = staff("analyst")
    page = client.post("/staff/capture/failed/retry/", {"item": fine.item_id}, follow=True)
    assert "has not failed (any more); nothing to retry" in page.content.decode()
    page = client.post("/staff/capture/failed/retry/", {"item": "99999"}, follow=True)
    assert "There is no item #99999." in page.content.decode()
    for nonsense in ("x'; --", "9" * 30):
        page = client.post("/staff/capture/failed/retry/", {"item": nonsense}, follow=True)
        assert page.status_code == 200 and "There is no item" in page.content.decode()
    assert state_of(fine)[0] == CaptureState.QUEUED and retried_events() == []


def test_only_analysts_and_up_may_retry(staff, sent):
    capture = failed("https://a.example.com/gone.jpg")
    client, _ = staff("privacy_officer")
    page = client.get("/staff/capture/failed/").content.decode()
    assert "https://a.example.com/gone.jpg" in page and 'name="item"' not in page
    assert client.post("/staff/capture/failed/retry/", {"item": capture.item_id}).status_code == 403
    assert Client().post("/staff/capture/failed/retry/", {"all": "1"}).status_code == 302
    analyst, _ = staff("analyst")
    assert analyst.get("/staff/capture/failed/retry/").status_code == 405
    assert state_of(capture)[0] == FINAL and retried_events() == []


def test_retry_needs_the_csrf_token(staff, sent):
    capture = failed("https://a.example.com/gone.jpg")
    _, user = staff("analyst")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/staff/capture/failed/retry/", {"item": capture.item_id}).status_code == 403
    assert state_of(capture)[0] == FINAL


def retry_command(*args: str):
    return CliRunner().invoke(cli, ["captures", "retry", *args])


def test_the_command_retries_named_items(sent):
    one, two = failed("https://a.example.com/1.jpg"), failed("https://a.example.com/2.jpg")
    result = retry_command(f"#{one.item_id}")
    assert result.exit_code == 0, result.output
    assert "Queued 1 failed captures for a fresh attempt." in result.output
    assert state_of(one)[0] == CaptureState.QUEUED and state_of(two)[0] == FINAL
    assert retried_events() == [("system", "retry requested", FINAL, one.pk)]


def test_the_command_names_unknown_and_unfailed_items_and_retries_nothing(sent):
    gone = failed("https://a.example.com/gone.jpg")
    factories.report("https://a.example.com/fine.jpg")
    fine = Capture.objects.get(item__url="https://a.example.com/fine.jpg")
    result = retry_command(str(gone.item_id), str(fine.item_id), "99999")
    assert result.exit_code == 1
    assert f"item {fine.item_id} has not failed (it is queued)" in result.output
    assert "there is no item 99999" in result.output and "Nothing was retried" in result.output
    assert state_of(gone)[0] == FINAL and retried_events() == []


def test_the_command_retries_every_failed_capture_with_progress(sent, monkeypatch):
    monkeypatch.setattr("meldpunt.capture.retries.CHUNK", 2)
    captures = [failed(f"https://a.example.com/{n}.jpg") for n in range(5)]
    result = retry_command("--failed")
    assert result.exit_code == 0, result.output
    assert "Retrying" in result.output and "Queued 5 failed captures" in result.output
    assert {state_of(c)[0] for c in captures} == {CaptureState.QUEUED}
    assert retry_command("--failed").output.strip() == "No capture has failed; nothing to retry."


def test_the_command_wants_items_or_failed_but_not_both():
    assert retry_command().exit_code == 2
    assert retry_command("--failed", "3").exit_code == 2
    assert "'three' is not an item number such as 12 or #12" in retry_command("three").output
    assert retry_command("9" * 30).exit_code == 2


@pytest.mark.parametrize("nonsense", ["²", "١٢", "0x10", "1" * 19])
def test_an_item_number_is_ascii_digits_only(staff, nonsense):
    client, _ = staff("analyst")
    page = client.post("/staff/capture/failed/retry/", {"item": nonsense}, follow=True)
    assert page.status_code == 200
    assert "There is no item" in page.content.decode()
    result = CliRunner().invoke(cli, ["captures", "retry", nonsense])
    assert result.exit_code == 2 and "is not an item number" in result.output
