"""Rejecting a list match in a real browser: an analyst finds the case a list settled among
the recent matches (no content shown until asked, then only blurred and grey), rejects it with
a reason; a senior analyst confirms it, and the case is back in the analyst queue."""

import re
import time

import pytest

from meldpunt.core.hashing.pdq import pdq_exact
from tests.e2e.browser.flows import picture, sign_in
from tests.e2e.browser.site import start_site
from tests.e2e.processes import throwaway_database
from tests.support.capture_photos import LISTED
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.e2e
CASES = "__import__('meldpunt.cases.models', fromlist=['Case']).Case.objects"


@pytest.fixture(scope="module")
def matched_site(tmp_path_factory):
    """A serve whose police list holds LISTED, and a capture of it, settled by that match."""
    with local_site() as photos, throwaway_database() as database_url:
        photos.routes["/listed.jpg"] = Route(LISTED)
        running = start_site(
            tmp_path_factory.mktemp("rejections"), database_url, fetch_allow_loopback="1"
        )
        try:
            running.command(
                "lists", "create", "police", "--kind", "positive", "--classification", "A1"
            )
            hashes = running.data_dir.parent / "police.txt"
            hashes.write_text(f"pdq {pdq_exact(LISTED).original.hex}\n")
            running.command("lists", "import", "police", str(hashes))
            csv = running.data_dir.parent / "reports.csv"
            csv.write_text(
                f"url;referer;reference;source;type\n{photos.url('/listed.jpg')};;;e2e;image\n"
            )
            running.command("import-reports", str(csv))
            wait_for(running, f"{CASES}.filter(state='settled_by_match').count()", 1)
            yield running
        finally:
            running.stop()


def wait_for(site, expression: str, value: object, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if site.query(expression) == value:
            return
        time.sleep(0.5)
    raise AssertionError(f"{expression} never became {value!r}")


def test_an_analyst_rejects_a_match_and_a_senior_confirms_it(matched_site, open_profile):
    page = open_profile("en-GB", matched_site)
    sign_in(page, matched_site.staff("analyst"))
    page.goto("/staff/assess/")
    page.get_by_role("link", name="Recent list matches").click()
    table = page.locator("#matches")
    assert "police" in table.inner_text() and "PDQ, distance 0" in table.inner_text()
    assert page.locator("img").count() == 0
    picture(page, "matches")
    page.get_by_role("link", name="Show blurred").click()
    page.locator("#matches img").wait_for()
    picture(page, "matches-blurred")
    page.get_by_label("Why does it look wrong?").fill("a look-alike of a benign holiday photo")
    page.get_by_role("button", name="Reject this match").click()
    assert "A senior analyst will confirm" in page.locator(".messages").inner_text()
    assert "waiting for a senior analyst" in table.inner_text()

    senior = open_profile("en-GB", matched_site)
    sign_in(senior, matched_site.staff("senior-analyst"))
    senior.goto("/staff/assess/matches/")
    senior.get_by_role("link", name="Rejected list matches").click()
    assert "a look-alike of a benign holiday photo" in senior.locator("#rejections").inner_text()
    picture(senior, "rejections")
    senior.get_by_role("button", name="Confirm: exclude the entry").click()
    message = senior.locator(".messages").inner_text()
    assert re.search(r"excluded from its list\. 1 case went back to the queue", message)
    picture(senior, "rejections-confirmed")
    assert matched_site.query(f"list({CASES}.values_list('state', flat=True))") == [
        "awaiting_assessment"
    ]
    actions = matched_site.audit_actions()
    assert {"match.rejected", "match.rejection_confirmed", "lists.entry_excluded"} <= set(actions)
