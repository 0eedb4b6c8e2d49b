"""A manager keeps the directory in the admin; what they add is what `directory list` prints."""

import json
import re

import pytest

from tests.e2e.browser.flows import sign_in

pytestmark = pytest.mark.e2e

KEY = "pdc-secret-api-key-for-the-browser-test"


def test_a_manager_adds_a_partner_hotline_and_the_command_line_lists_it(site, page):
    manager = site.staff("manager")
    sign_in(page, manager)
    page.get_by_role("link", name="Directory").click()
    page.wait_for_url(re.compile(r"/admin/directory/$"))
    page.get_by_role("link", name="Partner hotlines").click()
    page.get_by_role("link", name=re.compile("Add partner hotline")).click()
    page.get_by_label("Name").fill("Point de Contact")
    page.get_by_label("Country").fill("fr")
    page.get_by_label("Meldpunt API URL").fill("https://pdc.example/api/v1/")
    page.get_by_label(re.compile(r"^API key:?$")).fill(KEY)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/directory/partnerhotline/$"))
    assert "Point de Contact" in page.locator("#result_list").inner_text()

    listed = json.loads(site.command("directory", "list", "--json"))
    assert [(o["kind"], o["name"], o["country"], o["has_api_key"]) for o in listed] == [
        ("hotline", "Point de Contact", "FR", True)
    ]
    page.locator("#result_list").get_by_role("link", name="Point de Contact").click()
    page.wait_for_url(re.compile(r"/change/$"))
    assert KEY not in page.content()  # written once, never shown again
    assert KEY not in site.command("directory", "list")


def test_an_analyst_has_no_directory_link_and_is_kept_out(site, page):
    sign_in(page, site.staff("analyst"))
    assert page.get_by_role("link", name="Directory").count() == 0
    assert page.goto("/admin/directory/partnerhotline/").status == 403
