"""An administrator manages staff in a real browser: add, role, disable, password link, MFA."""

import re

import pytest

from tests.e2e.browser.flows import enrol, picture, sign_in
from tests.e2e.browser.site import StaffAccount

pytestmark = pytest.mark.e2e


def open_person(page, username: str) -> None:
    page.goto("/staff/people/")
    page.get_by_role("link", name=username, exact=True).click()
    page.wait_for_url(re.compile(r"/staff/people/\d+/$"))


def set_password_with_link(profile, link: str, account: StaffAccount) -> None:
    profile.goto(link)
    profile.get_by_label(re.compile(r"^New Password:?$", re.I)).fill(account.password)
    profile.get_by_label(re.compile(r"New Password \(again\)", re.I)).fill(account.password)
    profile.get_by_role("button", name=re.compile("Change Password", re.I)).click()
    assert "password is now changed" in profile.locator("main").inner_text().lower()


def test_an_administrator_adds_a_colleague_who_then_signs_in(site, page, open_profile):
    admin = site.staff("admin")
    sign_in(page, admin)
    page.get_by_role("link", name="Staff", exact=True).click()
    page.get_by_label("Username").fill("newcolleague1")
    page.get_by_label("Role").select_option("senior_analyst")
    page.get_by_role("button", name="Add and make a link").click()
    link = page.locator("#password-link").input_value()
    assert "/accounts/password/reset/key/" in link
    picture(page, "people-link")

    colleague = StaffAccount("newcolleague1", "senior-analyst", "a-chosen-password-of-noor")
    them = open_profile("en-GB")
    set_password_with_link(them, link, colleague)
    sign_in(them, colleague)
    assert re.search(r"/staff/$", them.url)

    page.goto("/staff/people/")
    row = page.locator("tr", has_text="newcolleague1")
    assert "Senior analyst" in row.inner_text() and "set up" in row.inner_text()
    picture(page, "people-list")


def test_a_leaver_is_disabled_and_signed_out_and_a_role_changed(site, page, open_profile):
    admin, leaver = site.staff("admin"), site.staff("analyst")
    them = open_profile("en-GB")
    sign_in(them, leaver)
    sign_in(page, admin)

    open_person(page, leaver.username)
    page.get_by_label("New role").select_option("manager")
    page.get_by_role("button", name="Change role").click()
    assert "role is now Hotline manager" in page.locator(".messages").inner_text()
    picture(page, "people-detail")

    page.get_by_role("button", name="Disable account").click()
    assert "can no longer sign in" in page.locator(".messages").inner_text()
    them.goto("/staff/")
    assert "/accounts/login/" in them.url

    page.get_by_role("button", name="Enable account").click()
    assert "can sign in again" in page.locator(".messages").inner_text()
    actions = site.audit_actions()
    assert {"staff.role_changed", "staff.disabled", "staff.enabled"} <= set(actions)


def test_a_lost_phone_and_a_forgotten_password(site, page, open_profile):
    admin, analyst = site.staff("admin"), site.staff("analyst")
    sign_in(open_profile("en-GB"), analyst)
    sign_in(page, admin)

    open_person(page, analyst.username)
    page.get_by_role("button", name="Reset authenticator").click()
    assert "recovery codes are removed" in page.locator(".messages").inner_text()
    page.get_by_role("button", name="Make a password link").click()
    link = page.locator("#password-link").input_value()

    analyst.password = "a-fresh-password-after-the-loss"
    them = open_profile("en-GB")
    set_password_with_link(them, link, analyst)
    them.goto("/accounts/login/")
    them.get_by_label(re.compile("Username", re.I)).fill(analyst.username)
    them.get_by_label(re.compile("Password", re.I)).fill(analyst.password)
    them.get_by_role("button", name="Sign In").click()
    them.wait_for_url(re.compile(r"/2fa/totp/activate/"))  # a new authenticator, at once
    enrol(them, analyst)
    assert {"staff.mfa_reset", "staff.password_reset_link_made"} <= set(site.audit_actions())


def test_an_administrator_cannot_disable_themselves(site, page):
    admin = site.staff("admin")
    sign_in(page, admin)
    open_person(page, admin.username)
    assert page.get_by_role("button", name="Disable account").count() == 0
    assert "your own account" in page.locator("main").inner_text()
