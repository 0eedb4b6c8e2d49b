"""The assessment workspace in a real browser: an analyst signs in with TOTP, claims, reveals
(logged) and assesses with the keyboard alone; no clear image reaches the browser before its
reveal; the daily limit refuses a reveal and says when viewing resumes; a doubtful case waits
for a senior's review; a senior corrects settled work."""

import io
import re
import time

import pytest
from PIL import Image

from tests.e2e.browser.flows import picture, sign_in
from tests.e2e.browser.site import start_site
from tests.e2e.processes import run_python, throwaway_database
from tests.support.capture_photos import COPY, FRESH, LISTED, OTHER
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.e2e
PHOTOS = {"/one.jpg": LISTED, "/two.jpg": FRESH, "/three.png": OTHER, "/four.jpg": COPY}
PAGE = b"""<!doctype html><html><head><script>alert("page")</script></head><body>
<h1>Holiday pictures</h1><p>Some words on a page, readable without revealing anything.
<a href="https://elsewhere.example/more">more</a></p><img src="/two.jpg" alt="a cat">
<img src="https://elsewhere.example/never.jpg" alt="never fetched"></body></html>"""


@pytest.fixture(scope="module")
def capturing_site(tmp_path_factory):
    """A serve that captures from a local site of benign photos, each waiting for an analyst."""
    with local_site() as photos, throwaway_database() as database_url:
        photos.routes.update({path: Route(body) for path, body in PHOTOS.items()})
        photos.routes["/page.html"] = Route(PAGE, headers={"Content-Type": "text/html"})
        running = start_site(
            tmp_path_factory.mktemp("assess"), database_url, fetch_allow_loopback="1"
        )
        try:
            urls = "".join(f"{photos.url(path)};;;e2e;image\n" for path in [*PHOTOS, "/page.html"])
            csv = running.data_dir.parent / "reports.csv"
            csv.write_text("url;referer;reference;source;type\n" + urls)
            running.command("import-reports", str(csv))
            wait_for_waiting(running, len(PHOTOS) + 1)
            yield running
        finally:
            running.stop()


def wait_for_waiting(site, count: int, seconds: float = 120) -> None:
    expression = (
        "__import__('meldpunt.cases.models', fromlist=['Case']).Case.objects"
        ".filter(state='awaiting_assessment').count()"
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if site.query(expression) >= count - 1:  # the copy may join its original's group
            return
        time.sleep(0.5)
    raise AssertionError("the photos were not captured in time")


class Received:
    """Every image response the browser got, with when it came and what it held."""

    def __init__(self, page) -> None:
        self.images: list[tuple[float, str, str, int]] = []
        page.on("response", self._keep)

    def _keep(self, response) -> None:
        if response.headers.get("content-type", "").startswith("image/"):
            image = Image.open(io.BytesIO(response.body()))
            self.images.append((time.monotonic(), response.url, image.mode, image.width))

    def before(self, moment: float) -> list[tuple[float, str, str, int]]:
        return [image for image in self.images if image[0] < moment]


def keys(page, *pressed: str) -> None:
    for key in pressed:
        page.keyboard.press(key)


def test_an_analyst_claims_reveals_and_assesses_with_the_keyboard_alone(
    capturing_site, open_profile
):
    page = open_profile("en-GB", capturing_site)
    received = Received(page)
    sign_in(page, capturing_site.staff("analyst"))
    page.get_by_role("link", name="Assess").click()
    page.wait_for_url(re.compile(r"/staff/assess/$"))
    picture(page, "assess-empty")
    keys(page, "n")
    page.locator("figure.content img").first.wait_for()
    page.wait_for_load_state("networkidle")
    picture(page, "assess-blurred")

    revealed_at = time.monotonic()
    keys(page, "r")
    page.locator("img.revealed").wait_for()
    page.wait_for_load_state("networkidle")
    picture(page, "assess-revealed")
    before = received.before(revealed_at)
    assert before, "the blurred previews arrived"
    assert all(mode == "L" and width <= 320 for _, _, mode, width in before), before
    assert any(mode == "L" and "/revealed/" in url for _, url, mode, _ in received.images)
    assert "content.revealed" in capturing_site.audit_actions()

    # A typical image in four keystrokes: age, realism, sexual content, Enter.
    keys(page, "2", "q", "a", "Enter")
    page.wait_for_url(re.compile(r"/staff/assess/$"))
    assert "Recorded" in page.locator(".messages").inner_text()
    picture(page, "assess-recorded")
    assert capturing_site.query(
        "list(__import__('meldpunt.assess.models', fromlist=['Assessment']).Assessment.objects"
        ".values_list('classification', 'own_legality'))"
    ) == [["baseline", "illegal"]]
    assert "content.hidden" in capturing_site.audit_actions()


def test_a_not_sure_case_waits_for_a_senior_who_settles_it(capturing_site, open_profile):
    page = open_profile("en-GB", capturing_site)
    sign_in(page, capturing_site.staff("analyst"))
    page.goto("/staff/assess/")
    keys(page, "n")
    page.locator("#facts").wait_for()
    keys(page, "3", "q", "s", "?", "Enter")
    page.wait_for_url(re.compile(r"/staff/assess/$"))
    assert "senior analyst's review" in page.locator(".messages").inner_text()

    senior = open_profile("en-GB", capturing_site)
    sign_in(senior, capturing_site.staff("senior-analyst"))
    senior.goto("/staff/assess/")
    keys(senior, "n")
    senior.locator("#facts").wait_for()
    assert "senior review" in senior.locator("#held-heading").inner_text()
    picture(senior, "assess-review")
    keys(senior, "3", "q", "s", "Enter")
    senior.wait_for_url(re.compile(r"/staff/assess/$"))
    assert "Recorded" in senior.locator(".messages").inner_text()
    states = capturing_site.query(
        "sorted(__import__('meldpunt.cases.models', fromlist=['Case']).Case.objects"
        ".values_list('state', flat=True))"
    )
    assert "awaiting_review" not in states


def test_a_senior_corrects_settled_work_from_the_settled_work_page(capturing_site, open_profile):
    # The work the senior settled in the test above is now corrected: adult, real, no sex.
    senior = open_profile("en-GB", capturing_site)
    sign_in(senior, capturing_site.staff("senior-analyst"))
    senior.goto("/staff/assess/")
    senior.get_by_role("link", name="Settled work (to correct)").click()
    senior.wait_for_url(re.compile(r"/staff/assess/settled/$"))
    rows = senior.locator("#settled tbody tr")
    assert rows.count() >= 1
    picture(senior, "assess-settled")
    rows.first.get_by_role("button", name="Correct").click()
    senior.wait_for_url(re.compile(r"/staff/assess/$"))
    assert "senior correction" in senior.locator("#held-heading").inner_text()
    assert "Settled as national (illegal in the hotline's own country)" in (
        senior.locator("#correcting").inner_text()
    )
    picture(senior, "assess-correcting")
    keys(senior, "4", "q", "f", "Enter")
    senior.wait_for_url(re.compile(r"/staff/assess/$"))
    assert "Recorded" in senior.locator(".messages").inner_text()
    assert "assessment.corrected" in capturing_site.audit_actions()
    [[classification, corrects]] = capturing_site.query(
        "list(__import__('meldpunt.assess.models', fromlist=['Assessment']).Assessment.objects"
        ".filter(kind='correction').values_list('classification', 'corrects'))"
    )
    assert classification == "not_illegal" and corrects is not None


LIMIT_USED = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldpunt.settings")
django.setup()
from datetime import timedelta
from django.utils import timezone
from meldpunt.assess.models import Reveal
Reveal.objects.filter(analyst__username=sys.argv[1]).update(
    started_at=timezone.now() - timedelta(seconds=90), last_activity_at=timezone.now()
)
"""


def test_past_the_daily_limit_a_reveal_is_refused_with_when_viewing_resumes(
    capturing_site, open_profile
):
    page = open_profile("en-GB", capturing_site)
    capturing_site.command(
        "exposure-policy", "--daily-minutes", "1", "--session-minutes", "1", "--reveal-minutes", "1"
    )
    try:
        account = capturing_site.staff("analyst")
        sign_in(page, account)
        page.goto("/staff/assess/")
        keys(page, "n")
        page.locator("figure.content img").first.wait_for()
        keys(page, "r")
        page.locator("img.revealed").wait_for()
        used = run_python(capturing_site.env, "-c", LIMIT_USED, account.username, timeout=60)
        assert used.returncode == 0, used.stderr
        page.get_by_role("button", name="Sharp grey").first.click()
        page.wait_for_url(re.compile(r"/staff/assess/$"))
        message = page.locator(".messages").inner_text()
        assert "today's viewing limit" in message and "Viewing can resume on" in message
        assert page.locator("img.revealed").count() == 0  # the server hid what was open
        picture(page, "assess-limit")
    finally:
        capturing_site.command(
            "exposure-policy", "--daily-minutes", "120", "--session-minutes", "60"
        )


def test_a_manager_sees_minutes_viewed_per_analyst_and_no_content(capturing_site, open_profile):
    revealing = capturing_site.query(
        "sorted(set(__import__('meldpunt.assess.models', fromlist=['Reveal']).Reveal.objects"
        ".values_list('analyst__username', flat=True)))"
    )
    assert revealing, "the tests above revealed something"
    page = open_profile("en-GB", capturing_site)
    sign_in(page, capturing_site.staff("manager"))
    page.get_by_role("link", name="Exposure").click()
    page.wait_for_url(re.compile(r"/staff/assess/exposure/$"))
    table = page.locator("#exposure-table")
    for name in revealing:
        assert table.locator(f"tr[data-analyst='{name}']").count() == 1
    assert page.locator("svg[role=img]").count() == 1 and page.locator("img").count() == 0
    picture(page, "exposure-figures")
    page.get_by_role("link", name="Last 30 days").click()
    assert page.locator("#exposure-table thead th").count() == 3 + 30

    analyst = open_profile("en-GB", capturing_site)
    sign_in(analyst, capturing_site.staff("analyst"))
    assert analyst.get_by_role("link", name="Exposure").count() == 0
    assert analyst.goto("/staff/assess/exposure/").status == 403


def test_a_page_reads_as_text_with_its_image_blurred_and_no_script(capturing_site, open_profile):
    page = open_profile("en-GB", capturing_site)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, capturing_site.staff("analyst"))
    page.goto("/staff/assess/")
    keys(page, "n")
    copy = page.locator(".page-copy")
    copy.wait_for()
    page.wait_for_load_state("networkidle")
    picture(page, "assess-page")
    assert "Some words on a page" in copy.inner_text()
    assert "Image not captured" in copy.inner_text()
    assert copy.locator("a").count() == 0 and not dialogs
    shown = copy.locator("img")
    assert shown.count() == 1 and "/blurred/" in shown.get_attribute("src")
