"""The public's pages in a real browser: report form, receipt, language switch, status page."""

import re

import pytest

from tests.e2e.browser.flows import picture

pytestmark = pytest.mark.e2e

LINES = "\n".join(
    [
        "https://example.com/gallery/photo1.jpg",
        "hxxps://another-example[.]org/page",
        "javascript:alert(1)",
        "https://example.com/" + "a" * 3000,
    ]
)

FORMS = [
    ("nl-NL", "Meld beeldmateriaal", "Melding versturen", "Dank u voor uw melding", "Regel"),
    ("en-GB", "Report child sexual", "Send report", "Thank you for your report", "Line"),
    ("fr-FR", "Signaler des contenus", "Envoyer le signalement", "Merci pour votre", "Ligne"),
]


def reports_stored(site) -> int:
    return site.query("Report.objects.count()")


@pytest.mark.parametrize(("locale", "heading", "send", "thanks", "line"), FORMS)
def test_a_report_is_sent_and_its_receipt_shown(
    site, open_profile, locale, heading, send, thanks, line
):
    page = open_profile(locale)
    page.goto("/")
    assert heading in page.locator("h1").inner_text()
    page.locator("textarea[name=urls]").fill(LINES)
    before = reports_stored(site)
    page.get_by_role("button", name=send).click()
    page.wait_for_url(re.compile(r"/receipt/$"))
    assert thanks in page.locator("h1").inner_text()
    code = page.locator("[data-receipt]").get_attribute("data-receipt")
    assert re.fullmatch(r"MP(-[0-9A-Z]{4}){3}", code)
    problems = page.locator(".problems").inner_text()
    assert f"{line} 3" in problems and f"{line} 4" in problems
    assert f"{line} 1" not in problems
    assert reports_stored(site) == before + 1
    picture(page, f"receipt-{locale}")

    page.reload()
    assert page.locator("[data-receipt]").get_attribute("data-receipt") == code
    page.go_back()
    page.go_forward()
    assert reports_stored(site) == before + 1


def test_a_paste_with_only_bad_lines_keeps_what_was_typed(site, page):
    page.goto("/")
    page.locator("textarea[name=urls]").fill("javascript:alert(1)\nfile:///etc/passwd")
    before = reports_stored(site)
    page.get_by_role("button", name="Send report").click()
    assert "None of the lines is a web address" in page.locator("main").inner_text()
    assert "file:///etc/passwd" in page.locator("textarea[name=urls]").input_value()
    assert "Line 2" in page.locator(".problems").inner_text()
    assert reports_stored(site) == before


def test_the_language_switch_changes_and_keeps_the_language(page):
    page.goto("/")
    page.get_by_role("button", name="FR").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Signaler des contenus" in page.locator("h1").inner_text()
    page.goto("/status/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("button", name="NL").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "/status/" in page.url


def test_a_reporter_checks_their_report_by_its_code(page):
    page.goto("/")
    page.locator("textarea[name=urls]").fill("https://example.com/status-check.jpg")
    page.get_by_role("button", name="Send report").click()
    code = page.locator("[data-receipt]").get_attribute("data-receipt")

    page.goto("/status/")
    page.get_by_label("Receipt code").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="Check").click()
    assert "was received and is being handled" in page.locator("main").inner_text()

    page.get_by_label("Receipt code").fill("MP-0000-0000-0000")
    page.get_by_role("button", name="Check").click()
    assert "We found no report with this code" in page.locator("main").inner_text()


def test_the_contact_address_is_taken_and_never_shown_back(site, page):
    page.goto("/")
    page.locator("textarea[name=urls]").fill("https://example.com/with-contact.jpg")
    page.get_by_label("Your e-mail address (optional)").fill("browser.reporter@example.org")
    page.get_by_role("button", name="Send report").click()
    page.wait_for_url(re.compile(r"/receipt/$"))
    assert "browser.reporter" not in page.content()
    assert site.query("Report.objects.exclude(sealed_contact=None).count()") >= 1
