"""A manager reviews a proposed rule file in the browser (the diff, the check), is refused
when the file changed after it was shown, then approves it; other roles are kept out."""

import re
from importlib import resources

import pytest

from tests.e2e.browser.flows import picture, sign_in
from tests.e2e.browser.site import start_site
from tests.e2e.processes import throwaway_database

pytestmark = pytest.mark.e2e

NL = resources.files("meldpunt.core.law").joinpath("rules", "nl.toml").read_text("utf-8")
NL_CHANGED = NL.replace('version = "2026.1"', 'version = "2026.2"').replace(
    "is illegal; a computer-made", "is illegal (checked again); a computer-made", 1
)


@pytest.fixture(scope="module")
def law_site(tmp_path_factory):
    """A server of its own: an approval changes the law for every later verdict."""
    with throwaway_database() as database_url:
        running = start_site(tmp_path_factory.mktemp("law-site"), database_url)
        try:
            yield running
        finally:
            running.stop()


def propose(site, name: str, text: str) -> None:
    folder = site.data_dir / "law"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)


def test_a_manager_reviews_and_approves_a_rule_file(law_site, open_profile):
    propose(law_site, "nl.toml", NL_CHANGED)
    manager = law_site.staff("manager")
    page = open_profile("en-GB", on=law_site)
    sign_in(page, manager)
    page.get_by_role("link", name="Law", exact=True).click()
    page.wait_for_url(re.compile(r"/staff/law/$"))
    proposal = page.locator('[data-file="nl.toml"]')
    diff = proposal.locator("pre.diff")
    assert diff.locator(".removed", has_text='-version = "2026.1"').count() == 1
    assert diff.locator(".added", has_text='+version = "2026.2"').count() == 1
    assert "Check passed" in proposal.inner_text()
    assert proposal.locator("[data-version]").inner_text() == "2026.2+local.1"
    picture(page, "law-proposal")

    propose(law_site, "nl.toml", NL_CHANGED.replace("checked again", "edited meanwhile"))
    proposal.get_by_role("button", name="Approve nl.toml").click()
    page.wait_for_url(re.compile(r"/staff/law/$"))
    assert "The file changed after it was shown" in page.locator(".messages").inner_text()
    assert "edited meanwhile" in page.locator('[data-file="nl.toml"] pre.diff').inner_text()
    assert "law.approved" not in law_site.audit_actions()

    page.locator('[data-file="nl.toml"]').get_by_role("button", name="Approve nl.toml").click()
    page.wait_for_url(re.compile(r"/staff/law/$"))
    message = page.locator(".messages").inner_text()
    assert "Approved: the NL rules are now version 2026.2+local.1." in message
    assert "No rule files wait for approval." in page.inner_text("main")
    row = page.locator("#approvals tbody tr").first.inner_text()
    assert "2026.2+local.1" in row and manager.username in row and "nl.toml" in row
    picture(page, "law-approved")
    assert "law.approved" in law_site.audit_actions()
    assert "No rule files wait for approval" in law_site.command("law", "pending")


@pytest.mark.parametrize("role", ["analyst", "senior-analyst", "admin"])
def test_a_non_manager_has_no_law_link_and_is_refused(law_site, open_profile, role):
    propose(law_site, "xx.toml", NL_CHANGED.replace('"NL"', '"XX"', 1))
    page = open_profile("en-GB", on=law_site)
    sign_in(page, law_site.staff(role))
    assert page.get_by_role("link", name="Law", exact=True).count() == 0
    assert page.goto("/staff/law/").status == 403
    assert "Approve" not in page.content()
