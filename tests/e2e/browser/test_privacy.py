"""The privacy officer opens a reporter's sealed contact, in a real browser; others cannot."""

import re

import pytest

from tests.e2e.browser.flows import sign_in

pytestmark = pytest.mark.e2e

CONTACT = "sealed.in.browser@example.org"


def report_with_contact(page) -> str:
    page.goto("/")
    page.locator("textarea[name=urls]").fill("https://example.com/privacy-case.jpg")
    page.get_by_label("Your e-mail address (optional)").fill(CONTACT)
    page.get_by_role("button", name="Send report").click()
    return page.locator("[data-receipt]").get_attribute("data-receipt")


def test_the_privacy_officer_opens_a_contact_with_a_reason(site, page, open_profile):
    receipt = report_with_contact(open_profile("en-GB"))
    officer = site.staff("privacy-officer")
    sign_in(page, officer)
    page.get_by_role("link", name="Sealed contacts").click()
    row = page.locator("tr", has_text=receipt)
    assert CONTACT not in page.content()

    row.get_by_role("textbox").fill("short")
    row.get_by_role("button", name="Open").click()
    # The browser itself holds back a reason under ten characters.
    assert page.locator("tr", has_text=receipt).is_visible()
    assert CONTACT not in page.content()

    row.get_by_role("textbox").fill("The reporter asked for feedback on case 12.")
    row.get_by_role("button", name="Open").click()
    assert page.locator(".contact").inner_text() == CONTACT
    assert "recorded in the audit trail" in page.locator("main").inner_text()
    assert "contact.unsealed" in site.audit_actions()


def test_an_analyst_cannot_reach_sealed_contacts(site, page):
    analyst = site.staff("analyst")
    sign_in(page, analyst)
    assert page.get_by_role("link", name="Sealed contacts").count() == 0
    response = page.goto("/staff/privacy/contacts/")
    assert response.status == 403
    assert "Your role does not include this page" in page.locator("main").inner_text()
    assert re.search(r"administrator", page.locator("main").inner_text())
