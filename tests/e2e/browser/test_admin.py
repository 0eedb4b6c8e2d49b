"""The Django admin in a real browser, behind the same second factor as every staff page."""

import re

import pytest

from tests.e2e.browser.flows import sign_in

pytestmark = pytest.mark.e2e


def test_an_admin_reaches_the_admin_and_it_shows_no_totp_secret(site, page):
    admin = site.staff("admin")
    sign_in(page, admin)
    page.get_by_role("link", name="Administration").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    assert "Site administration" in page.locator("#content").inner_text()
    assert admin.totp_secret not in page.content()


def test_staff_who_are_not_administrators_are_kept_out_of_the_admin(site, page):
    analyst = site.staff("analyst")
    sign_in(page, analyst)
    response = page.goto("/admin/")
    assert response.status == 403
    assert "Your role does not include this page" in page.locator("main").inner_text()
    assert "Site administration" not in page.content()
