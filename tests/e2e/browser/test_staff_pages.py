"""The staff pages an analyst reads every day, in a real browser: overview, reports (with the
live search), a report's detail, the capture dashboard, the queue and the security page."""

import re

import pytest

from tests.e2e.browser.flows import picture, sign_in

pytestmark = pytest.mark.e2e


def report(page, urls: str, reference_hint: str = "") -> str:
    page.goto("/")
    page.locator("textarea[name=urls]").fill(urls)
    if reference_hint:
        page.get_by_label("Where did you find it? (optional)").fill(reference_hint)
    page.get_by_role("button", name="Send report").click()
    return page.locator("[data-receipt]").get_attribute("data-receipt")


def test_an_analyst_finds_a_report_and_reads_it(site, page, open_profile):
    public = open_profile("en-GB")
    receipt = report(public, "https://findable-example.org/one.jpg\nhttps://example.net/two.jpg")
    report(public, "https://other-example.org/unrelated.jpg")

    analyst = site.staff("analyst")
    sign_in(page, analyst)
    assert "reports in all" in page.locator(".tiles").inner_text()
    page.get_by_role("link", name="Reports", exact=True).click()
    search = page.get_by_role("searchbox")
    search.fill("findable-example")  # htmx asks as the analyst types, no button needed
    page.wait_for_url(re.compile(r"q=findable-example"))
    rows = page.locator("#report-rows tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1 and receipt in rows.first.inner_text()
    picture(page, "reports-search")

    rows.first.get_by_role("link", name=receipt).click()
    page.wait_for_url(re.compile(rf"/staff/reports/{receipt}/$"))
    detail = page.locator("main").inner_text()
    assert "findable-example.org" in detail and "example.net" in detail
    picture(page, "report-detail")


def test_the_capture_dashboard_shows_a_chart_with_its_table(site, page):
    sign_in(page, site.staff("analyst"))
    page.get_by_role("link", name="Capture", exact=True).click()
    chart = page.get_by_role("img", name="Items per state")
    assert chart.is_visible()
    assert page.locator("main table").count() >= 1
    picture(page, "capture-dashboard")
    page.get_by_role("link", name="Go to the queue").click()
    page.wait_for_url(re.compile(r"/staff/capture/queue/$"))
    assert page.locator("h1").inner_text() == "Queue"


def test_the_security_page_lists_the_authenticator_without_its_secret(site, page):
    analyst = site.staff("analyst")
    sign_in(page, analyst)
    page.get_by_role("link", name="Security", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/2fa/$"))
    main = page.locator("main").inner_text()
    assert "Authenticator App" in main
    assert analyst.totp_secret not in page.content()
    picture(page, "security")
