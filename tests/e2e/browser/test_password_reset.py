"""A forgotten password, with a mail server: the reset link arrives and works."""

import re

import pytest

from tests.e2e.browser.flows import sign_in
from tests.e2e.browser.site import start_site
from tests.e2e.processes import throwaway_database
from tests.support.mail_sink import mail_sink

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def mail():
    with mail_sink() as sink:
        yield sink


@pytest.fixture(scope="module")
def mail_site(tmp_path_factory, mail):
    settings = {
        "smtp_host": mail.host,
        "smtp_port": str(mail.port),
        "smtp_security": "none",
        "mail_from": "Meldpunt <hotline@example.org>",
    }
    with throwaway_database() as database_url:
        running = start_site(tmp_path_factory.mktemp("mail-site"), database_url, **settings)
        try:
            yield running
        finally:
            running.stop()


def test_a_reset_link_arrives_and_sets_a_new_password(mail_site, mail, open_profile):
    analyst = mail_site.staff("analyst", email="analyst.reset@example.org")
    sign_in(open_profile("en-GB", on=mail_site), analyst)  # enrolled, as a real colleague is

    page = open_profile("en-GB", on=mail_site)
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label(re.compile("Email", re.I)).fill("analyst.reset@example.org")
    before = len(mail.messages)
    page.get_by_role("button", name=re.compile("Reset My Password", re.I)).click()
    page.wait_for_url(re.compile(r"/password/reset/done/"))

    message = mail.wait_for(before + 1)[-1]
    assert "Password Reset" in message["Subject"]
    assert message["To"] == "analyst.reset@example.org"
    assert message["From"] == "Meldpunt <hotline@example.org>"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body).group(0)

    page.goto(link)
    analyst.password = "a-brand-new-password-for-2027"
    page.get_by_label(re.compile(r"^New Password:?$", re.I)).fill(analyst.password)
    page.get_by_label(re.compile("New Password \\(again\\)", re.I)).fill(analyst.password)
    page.get_by_role("button", name=re.compile("Change Password", re.I)).click()
    assert "password is now changed" in page.locator("main").inner_text().lower()

    again = open_profile("en-GB", on=mail_site)
    sign_in(again, analyst)
    assert re.search(r"/staff/$", again.url)


def test_an_unknown_address_learns_nothing(mail_site, mail, open_profile):
    before = len(mail.messages)
    page = open_profile("en-GB", on=mail_site)
    page.goto("/accounts/password/reset/")
    page.get_by_label(re.compile("Email", re.I)).fill("nobody.here@example.org")
    page.get_by_role("button", name=re.compile("Reset My Password", re.I)).click()
    page.wait_for_url(re.compile(r"/password/reset/done/"))
    assert len(mail.messages) == before
