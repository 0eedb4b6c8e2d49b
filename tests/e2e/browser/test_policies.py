"""A manager sets the exposure policy in the admin: a policy that could not protect anyone is
refused with the reason, and what is saved is what the server enforces."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser.flows import picture, sign_in

pytestmark = pytest.mark.e2e


def test_a_manager_sets_the_exposure_policy_and_an_impossible_one_is_refused(site, page):
    sign_in(page, site.staff("manager"))
    page.goto("/admin/assess/exposurelimits/")
    add = page.get_by_role("link", name=re.compile("Add exposure policy"))
    if add.count():
        add.click()
    else:
        page.locator("#result_list a").first.click()
    page.get_by_label("Daily limit (minutes)").fill("30")
    page.get_by_label("Continuous viewing (minutes)").fill("45")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errorlist").first).to_contain_text(
        "45 is more than the daily limit of 30"
    )
    picture(page, "admin-exposure-policy-refused")
    page.get_by_label("Continuous viewing (minutes)").fill("20")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/assess/exposurelimits/$"))
    shown = site.command("exposure-policy")
    assert "daily limit        30 minutes" in shown and "continuous viewing 20 minutes" in shown
    site.command("exposure-policy", "--daily-minutes", "120", "--session-minutes", "60")


def test_an_analyst_cannot_change_the_policy(site, page):
    sign_in(page, site.staff("analyst"))
    assert page.goto("/admin/assess/exposurelimits/").status == 403
