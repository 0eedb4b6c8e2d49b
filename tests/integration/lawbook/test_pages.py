"""The managers' page of proposed rule files: the diff, the check, the approve button (with
the digest shown), the refusals, and the list of approvals; kept from every other role."""

import hashlib
import re

import pytest

from meldpunt.accounts.models import Role
from meldpunt.assess.models import Claim
from meldpunt.cases.models import Verdict
from meldpunt.lawbook.models import ApprovedRuleFile
from tests.integration.lawbook.conftest import NL_CHANGED, NL_GAP, approved_without_checking
from tests.support.waiting import waiting_cases

pytestmark = pytest.mark.django_db


def digest_on(page: str, name: str) -> str:
    section = page.split(f'data-file="{name}"', 1)[1]
    return re.search(r'name="sha256" value="([0-9a-f]{64})"', section).group(1)


def test_a_manager_reads_the_diff_and_the_check_then_approves(staff, proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    client, boss = staff(Role.MANAGER)
    page = client.get("/staff/law/")
    assert page.status_code == 200
    text = page.content.decode()
    assert '<span class="removed">-version = &quot;2026.1&quot;</span>' in text
    assert '<span class="added">+version = &quot;2026.2&quot;</span>' in text
    assert "Check passed" in text and "2026.2+local.1" in text
    assert "No rule file has been approved yet" in text
    assert 'href="/staff/law/"' in text  # the menu shows the page to managers

    answer = client.post(
        "/staff/law/approve/",
        {"name": "nl.toml", "sha256": digest_on(text, "nl.toml")},
        follow=True,
    )
    shown = answer.content.decode()
    assert "Approved: the NL rules are now version 2026.2+local.1." in shown
    assert "No rule files wait for approval." in shown
    row = re.search(r'<tr data-approval="\d+">(.*?)</tr>', shown).group(1)
    assert "2026.2+local.1" in row and boss.username in row and "nl.toml" in row
    assert ApprovedRuleFile.objects.get().approved_by == boss


def test_a_file_changed_since_it_was_shown_is_refused_with_a_clear_message(staff, proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    client, _ = staff(Role.MANAGER)
    shown = digest_on(client.get("/staff/law/").content.decode(), "nl.toml")
    (proposals / "nl.toml").write_text(NL_CHANGED.replace("checked again", "edited meanwhile"))
    answer = client.post("/staff/law/approve/", {"name": "nl.toml", "sha256": shown}, follow=True)
    assert "The file changed after it was shown. Nothing was approved" in answer.content.decode()
    assert not ApprovedRuleFile.objects.exists()


def test_a_failing_file_shows_its_problems_and_no_button_and_a_post_is_refused(staff, proposals):
    (proposals / "nl.toml").write_text(NL_GAP)
    client, _ = staff(Role.MANAGER)
    text = client.get("/staff/law/").content.decode()
    assert "Check failed: 12 problems." in text
    assert "nl.toml: age=infant_toddler realism=real sexual=activity medium=video" in text
    assert 'name="sha256"' not in text
    digest = hashlib.sha256(NL_GAP.encode()).hexdigest()
    answer = client.post("/staff/law/approve/", {"name": "nl.toml", "sha256": digest}, follow=True)
    assert "The law does not hold with this file" in answer.content.decode()
    assert not ApprovedRuleFile.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.ANALYST, Role.SENIOR_ANALYST, Role.PRIVACY_OFFICER, Role.ADMIN]
)
def test_every_other_role_is_kept_out(staff, proposals, role):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    client, _ = staff(role)
    assert client.get("/staff/law/").status_code == 403
    assert (
        client.post("/staff/law/approve/", {"name": "nl.toml", "sha256": "0" * 64}).status_code
        == 403
    )
    assert 'href="/staff/law/"' not in client.get("/staff/").content.decode()
    assert not ApprovedRuleFile.objects.exists()


def test_the_page_speaks_dutch_and_french(staff, proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    client, _ = staff(Role.MANAGER)
    dutch = client.get("/staff/law/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Wacht op goedkeuring" in dutch
    french = client.get("/staff/law/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "En attente d’approbation" in french


def test_an_approved_file_that_no_longer_fits_the_shipped_ones_stops_verdicts(staff, proposals):
    approved_without_checking(NL_GAP)
    client, _ = staff(Role.MANAGER)
    text = client.get("/staff/law/").content.decode()
    assert "The law in force does not hold" in text
    assert "nl.toml: age=infant_toddler realism=real sexual=activity medium=video" in text

    waiting_cases(1)
    analyst, _ = staff(Role.ANALYST)
    assert analyst.post("/staff/assess/claim/").status_code == 302
    facts = {"age": "prepubescent", "realism": "real", "sexual": "activity", "medium": "image"}
    refused = analyst.post("/staff/assess/record/", facts)
    assert refused.status_code == 400
    assert "The rules in force are refused" in refused.content.decode()
    assert not Verdict.objects.filter(source="assessment").exists()
    assert Claim.objects.count() == 1  # still held: nothing was recorded
