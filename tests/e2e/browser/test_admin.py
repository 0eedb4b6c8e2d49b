"""The Django admin in a real browser, behind the same second factor as every staff page."""

import re

import pytest

from tests.e2e.browser.flows import sign_in

pytestmark = pytest.mark.e2e


def test_an_admin_reaches_the_admin_and_no_page_shows_anyones_totp_secret(site, page, open_profile):
    officer = site.staff("privacy-officer")
    sign_in(open_profile("en-GB"), officer)  # the officer has enrolled: a secret exists
    admin = site.staff("admin")
    sign_in(page, admin)
    page.get_by_role("link", name="Administration").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert "Site administration" in page.locator("#content").inner_text()
    model_pages = [a.get_attribute("href") for a in page.locator("#content-main a").all()]
    assert any("/admin/capture/capture/" in href for href in model_pages)
    for href in {h for h in model_pages if h and h.startswith("/admin/") and "/add/" not in h}:
        page.goto(href)
        assert officer.totp_secret not in page.content(), href
        assert not any(code in page.content() for code in officer.recovery_codes), href
    assert page.goto("/admin/mfa/authenticator/").status == 404


def test_staff_who_are_not_administrators_are_kept_out_of_the_admin(site, page):
    analyst = site.staff("analyst")
    sign_in(page, analyst)
    response = page.goto("/admin/")
    assert response.status == 403
    assert "Your role does not include this page" in page.locator("main").inner_text()
    assert "Site administration" not in page.content()
