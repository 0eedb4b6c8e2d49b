"""Error pages and the API docs as a browser meets them: styled, translated, saying what to do."""

import re

import pytest

from tests.e2e.browser.flows import picture

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("locale", "heading"),
    [
        ("en-GB", "This page does not exist"),
        ("nl-NL", "Deze pagina bestaat niet"),
        ("fr-FR", "Cette page n’existe pas"),
    ],
)
def test_a_missing_page_is_explained_in_the_browsers_language(open_profile, locale, heading):
    page = open_profile(locale)
    response = page.goto("/no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == heading
    picture(page, f"404-{locale}")
    assert page.locator("link[rel=stylesheet]").count() == 1
    page.locator("a.button.primary").click()
    assert page.locator("textarea[name=urls]").is_visible()


def test_a_stale_form_gets_a_calm_page_and_nothing_is_stored(site, page, browser_context):
    page.goto("/")
    page.locator("textarea[name=urls]").fill("https://example.com/stale-form.jpg")
    browser_context.clear_cookies()  # as when the cookie expired while the page stood open
    before = site.query("Report.objects.count()")
    page.get_by_role("button", name="Send report").click()
    assert page.locator("h1").inner_text() == "The form could not be accepted"
    assert "Nothing was stored" in page.locator("main").inner_text()
    picture(page, "csrf-failure")
    assert site.query("Report.objects.count()") == before
    page.get_by_role("link", name="Open the form again").click()
    assert page.locator("textarea[name=urls]").is_visible()


def test_a_forged_cross_site_post_is_refused(site, page, open_profile):
    before = site.query("Report.objects.count()")
    attacker = open_profile("en-GB")
    attacker.goto("/")  # a page of ours, to get a real browser; the form below is not ours
    attacker.set_content(
        f'<form method="post" action="{site.url}"><input name="urls" '
        'value="https://example.com/forged.jpg"><button>go</button></form>'
    )
    attacker.get_by_role("button", name="go").click()
    attacker.wait_for_load_state()
    assert "The form could not be accepted" in attacker.locator("h1").inner_text()
    assert site.query("Report.objects.count()") == before


def test_the_api_docs_work_offline(page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Meldpunt partner API" in page.locator(".swagger-ui .info .title").inner_text()
    page.get_by_text(re.compile("/api/v1/reports")).first.wait_for()
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requested), requested
