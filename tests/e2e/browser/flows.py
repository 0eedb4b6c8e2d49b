"""What a staff member does in the browser to get in and out: sign-in, TOTP enrolment, sign-out."""

import os
import re
from pathlib import Path

from tests.e2e.browser.site import StaffAccount

# Set MELDPUNT_TEST_SCREENSHOTS=DIR to keep a picture of each page the tests name, for review.
SCREENSHOTS = os.environ.get("MELDPUNT_TEST_SCREENSHOTS")


def picture(page, name: str) -> None:
    """Keep a full-page screenshot under `name`, when screenshots are asked for."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)


def sign_in(page, account: StaffAccount) -> None:
    """Sign in; at the first sign-in, enrol an authenticator and keep the recovery codes."""
    page.goto("/accounts/login/")
    page.get_by_label(re.compile("Username", re.I)).fill(account.username)
    page.get_by_label(re.compile("Password", re.I)).fill(account.password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)  # the answer, not the form
    page.wait_for_load_state()
    if "/2fa/totp/activate/" in page.url:
        enrol(page, account)
    elif "/2fa/authenticate/" in page.url:
        page.get_by_label(re.compile("Code", re.I)).fill(account.code())
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_url(re.compile(r"/staff/"))


def enrol(page, account: StaffAccount) -> None:
    """Scan (read) the secret, confirm a code, keep the recovery codes, continue."""
    account.totp_secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label(re.compile("Authenticator code", re.I)).fill(account.code())
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(re.compile(r"/2fa/recovery-codes/"))
    account.recovery_codes = page.locator("#recovery_codes").input_value().split()
    picture(page, "recovery-codes")
    page.get_by_role("link", name=re.compile("continue to the staff pages", re.I)).click()
    page.wait_for_url(re.compile(r"/staff/$"))


def sign_out(page) -> None:
    """The sign-out button in the staff bar."""
    page.get_by_role("button", name=re.compile("Sign out")).click()
    page.wait_for_load_state()
