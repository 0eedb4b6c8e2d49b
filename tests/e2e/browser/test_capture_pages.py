"""Failed captures and a busy database, in a real browser: staff retry what failed; a reporter
who meets a long lock is told calmly to try again, and nothing half-sent is stored."""

import re
import time

import pytest

from tests.e2e.browser.flows import picture, sign_in
from tests.e2e.browser.site import start_site
from tests.e2e.processes import throwaway_database
from tests.support.locks import write_lock_held

pytestmark = pytest.mark.e2e

# The fetcher of a real serve refuses this address by its policy, for good: a failed capture.
REFUSED = "http://127.0.0.1:9/never-fetched.jpg"


def report(page, urls: str) -> None:
    page.goto("/")
    page.locator("textarea[name=urls]").fill(urls)
    page.get_by_role("button", name=re.compile("Send report|Melding versturen")).click()
    page.wait_for_url(re.compile(r"/receipt/$"))


def wait_until_failed(site, url: str, seconds: float = 60) -> int:
    expression = (
        "list(__import__('meldpunt.capture.models', fromlist=['Capture']).Capture.objects"
        f".filter(item__url={url!r}, state='failed_final').values_list('item_id', flat=True))"
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = site.query(expression)
        if found:
            return found[0]
        time.sleep(0.5)
    raise AssertionError(f"the capture of {url} did not fail")


def test_an_analyst_retries_a_failed_capture(site, page, open_profile):
    report(open_profile("en-GB"), REFUSED)
    item = wait_until_failed(site, REFUSED)

    sign_in(page, site.staff("analyst"))
    page.get_by_role("link", name="Capture", exact=True).click()
    page.get_by_role("link", name=re.compile(r"failed capture")).click()
    page.wait_for_url(re.compile(r"/staff/capture/failed/$"))
    row = page.locator(f"#failed-captures tr[data-item='{item}']")
    assert "address we do not connect to" in row.inner_text()
    picture(page, "failed-captures")

    row.get_by_role("button", name="Retry").click()
    page.wait_for_url(re.compile(r"/staff/capture/failed/$"))
    assert f"item #{item} is queued for a fresh attempt" in page.locator(".messages").inner_text()
    assert "capture.retried" in site.audit_actions()


def test_a_privacy_officer_sees_failed_captures_but_cannot_retry(site, page, open_profile):
    report(open_profile("en-GB"), REFUSED.replace("never", "also-never"))
    wait_until_failed(site, REFUSED.replace("never", "also-never"))
    sign_in(page, site.staff("privacy-officer"))
    page.goto("/staff/capture/failed/")
    assert page.locator("#failed-captures tbody tr").count() >= 1
    assert page.get_by_role("button", name=re.compile("Retry")).count() == 0


@pytest.fixture(scope="module")
def impatient_site(tmp_path_factory):
    """A serve that lets a web request wait one second for a lock, then answers busy."""
    with throwaway_database() as database_url:
        running = start_site(
            tmp_path_factory.mktemp("busy"), database_url, db_lock_wait_seconds="1"
        )
        try:
            yield running
        finally:
            running.stop()


def test_a_reporter_who_meets_a_long_lock_is_asked_to_try_again(impatient_site, open_profile):
    page = open_profile("nl-NL", on=impatient_site)
    page.goto("/")
    page.locator("textarea[name=urls]").fill("https://busy-moment.example.com/a.jpg")
    before = impatient_site.query("Report.objects.count()")
    with write_lock_held(impatient_site.data_dir, impatient_site.env.get("DATABASE_URL")):
        page.get_by_role("button", name="Melding versturen").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Het systeem is op dit moment druk"
        picture(page, "busy-nl")
    assert impatient_site.query("Report.objects.count()") == before
    page.go_back()
    report(page, "https://busy-moment.example.com/a.jpg")
    assert impatient_site.query("Report.objects.count()") == before + 1
