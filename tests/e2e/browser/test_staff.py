"""Staff in a real browser: first sign-in with TOTP enrolment, recovery codes, sign-out, again."""

import re

import pytest

from tests.e2e.browser.flows import picture, sign_in, sign_out

pytestmark = pytest.mark.e2e


def test_a_new_analyst_enrols_and_reaches_the_staff_pages(site, page):
    analyst = site.staff("analyst")
    page.goto("/staff/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert "sign up" not in page.locator("main").inner_text().lower()

    sign_in(page, analyst)
    assert analyst.totp_secret and len(analyst.recovery_codes) == 10
    assert page.get_by_role("link", name="Reports", exact=True).is_visible()
    page.get_by_role("link", name="Queue", exact=True).click()
    page.wait_for_url(re.compile(r"/staff/capture/queue/$"))

    sign_out(page)
    page.goto("/staff/")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    actions = site.audit_actions()
    assert {"staff.login", "staff.mfa_added", "staff.logout"} <= set(actions)


def test_a_second_sign_in_asks_for_the_authenticator_code(site, page, open_profile):
    analyst = site.staff("analyst")
    sign_in(page, analyst)

    later = open_profile("en-GB")
    sign_in(later, analyst)
    assert re.search(r"/staff/$", later.url)


def test_a_recovery_code_signs_in_once(site, page, open_profile):
    analyst = site.staff("analyst")
    sign_in(page, analyst)
    code = analyst.recovery_codes[0]

    def sign_in_with(code: str, profile):
        profile.goto("/accounts/login/")
        profile.get_by_label(re.compile("Username", re.I)).fill(analyst.username)
        profile.get_by_label(re.compile("Password", re.I)).fill(analyst.password)
        profile.get_by_role("button", name="Sign In").click()
        profile.get_by_label(re.compile("Code", re.I)).fill(code)
        profile.get_by_role("button", name="Sign In").click()
        profile.wait_for_load_state()
        return profile

    first = sign_in_with(code, open_profile("en-GB"))
    assert re.search(r"/staff/$", first.url)
    again = sign_in_with(code, open_profile("en-GB"))
    assert "/staff/" not in again.url or "/accounts/" in again.url
    assert "Incorrect code" in again.locator("main").inner_text()


def test_a_wrong_password_is_refused_plainly(site, page):
    analyst = site.staff("analyst")
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("Username", re.I)).fill(analyst.username)
    page.get_by_label(re.compile("Password", re.I)).fill("not-the-password-at-all")
    page.get_by_role("button", name="Sign In").click()
    assert "not correct" in page.locator("main").inner_text()
    assert "/accounts/login/" in page.url


def test_without_mail_a_forgotten_password_goes_through_an_administrator(page):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    main = page.locator("main").inner_text()
    assert "cannot send you a reset link" in main
    picture(page, "password-reset-without-mail")
    assert "Ask an administrator" in main


def test_staff_pages_speak_dutch_with_je_and_public_pages_with_u(site, open_profile):
    page = open_profile("nl-NL")
    page.goto("/accounts/login/")
    staff_text = page.locator("main").inner_text()
    assert "Aanmelden" in staff_text and re.search(r"\bje\b", staff_text)
    assert not re.search(r"\b(u|uw)\b", staff_text)
    page.goto("/")
    public_text = page.locator("main").inner_text()
    assert re.search(r"\b(u|uw)\b", public_text)
    assert not re.search(r"\b(je|jij|jouw)\b", public_text)
