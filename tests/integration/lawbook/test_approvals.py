"""Proposed rule files: pending until a manager approves the text shown, which becomes a new
version of the law in force; refused when the file changed or the law would not hold."""

import hashlib

import pytest
from django.utils import timezone

from meldpunt import bootstrap
from meldpunt.accounts.models import Role
from meldpunt.assess.assessing import Findings, record_assessment
from meldpunt.assess.claims import claim_next
from meldpunt.audit.models import AuditEvent
from meldpunt.cases.models import Verdict
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.law import Facts, shipped_law
from meldpunt.lawbook.models import ApprovedRuleFile
from meldpunt.lawbook.services import ApprovalRefused, approve, in_force, pending
from tests import factories
from tests.integration.lawbook.conftest import NL, NL_CHANGED, NL_GAP
from tests.support.waiting import waiting_cases

pytestmark = pytest.mark.django_db(transaction=True)
ABUSE = Facts.of("prepubescent", "real", "activity", "image")


def manager():
    return factories.staff_user(role=Role.MANAGER)


def test_a_changed_file_is_pending_and_the_shipped_text_or_other_files_are_not(proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    (proposals / "be.toml").write_text(NL.replace('"NL"', '"BE"', 1))  # broken: says so
    (proposals / "copy.toml").write_text(NL)  # the shipped NL text: nothing changes
    (proposals / "notes.txt").write_text("not a rule file")
    seen = {review.name: review for review in pending(proposals)}
    assert sorted(seen) == ["be.toml", "nl.toml"]
    assert seen["nl.toml"].passed and seen["nl.toml"].version == "2026.2+local.1"
    assert not seen["be.toml"].passed  # the shipped NL version with a changed text


def test_an_approval_is_a_new_version_in_force_with_its_audit_event(proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    [seen] = pending(proposals)
    boss = manager()
    first = approve(boss, "nl.toml", seen.digest, proposals)
    assert (first.jurisdiction, first.version, first.sequence) == ("NL", "2026.2+local.1", 1)
    assert (first.declared_version, first.replaces, first.approved_by) == ("2026.2", None, boss)
    assert first.text == NL_CHANGED and first.sha256 == seen.digest
    assert pending(proposals) == []  # the text in the folder is the one in force
    event = AuditEvent.objects.get(action="law.approved")
    assert event.actor == f"staff:{boss.pk}"
    assert event.subject == f"lawbook.approvedrulefile:{first.pk}"
    assert event.details == {
        "approval": first.pk,
        "replaces": None,
        "jurisdiction": "NL",
        "version": "2026.2+local.1",
        "sha256": seen.digest,
    }

    (proposals / "nl.toml").write_text(NL_CHANGED.replace("checked again", "checked twice"))
    [again] = pending(proposals)
    assert again.against == "nl.toml" and again.version == "2026.2+local.2"
    second = approve(boss, "nl.toml", again.digest, proposals)
    assert second.replaces == first and second.sequence == 2
    assert in_force() == [second]
    assert AuditEvent.objects.filter(action="law.approved").last().details["replaces"] == first.pk


def test_a_file_changed_after_it_was_shown_is_refused_and_nothing_is_written(proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    [seen] = pending(proposals)
    (proposals / "nl.toml").write_text(NL_CHANGED.replace("checked again", "changed meanwhile"))
    with pytest.raises(ApprovalRefused, match="changed after it was shown"):
        approve(manager(), "nl.toml", seen.digest, proposals)
    assert not ApprovedRuleFile.objects.exists()
    assert not AuditEvent.objects.filter(action="law.approved").exists()


def test_a_file_the_law_does_not_hold_with_is_refused(proposals):
    (proposals / "nl.toml").write_text(NL_GAP)
    [seen] = pending(proposals)
    assert not seen.passed
    assert "nl.toml: age=infant_toddler realism=real sexual=activity medium=video" in "\n".join(
        seen.problems
    )
    with pytest.raises(ApprovalRefused, match="does not hold"):
        approve(manager(), "nl.toml", seen.digest, proposals)
    assert not ApprovedRuleFile.objects.exists()


def test_only_a_manager_approves_and_only_files_in_the_folder(proposals, tmp_path):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    (tmp_path / "outside.toml").write_text(NL_CHANGED)
    [seen] = pending(proposals)
    for role in (Role.ANALYST, Role.SENIOR_ANALYST, Role.ADMIN, Role.PRIVACY_OFFICER):
        with pytest.raises(ApprovalRefused, match="Only a hotline manager"):
            approve(factories.staff_user(role=role), "nl.toml", seen.digest, proposals)
    for name in ("../outside.toml", "absent.toml", "notes.txt"):
        with pytest.raises(ApprovalRefused, match="no longer in the proposals folder"):
            approve(manager(), name, seen.digest, proposals)
    (proposals / "nl.toml").write_text(NL)
    with pytest.raises(ApprovalRefused, match="already the one in force"):
        approve(manager(), "nl.toml", hashlib.sha256(NL.encode()).hexdigest(), proposals)
    assert not ApprovedRuleFile.objects.exists()


def test_the_law_in_force_follows_the_newest_approval_and_verdicts_record_its_version(proposals):
    parts = bootstrap.parts()
    assert parts.law is parts.law and parts.law.jurisdictions["NL"].version == "2026.1"
    (proposals / "nl.toml").write_text(NL_CHANGED)
    [seen] = pending(proposals)
    approve(manager(), "nl.toml", seen.digest, proposals)
    law = parts.law
    assert law is parts.law  # built once per approval, not per verdict
    assert law.evaluate(ABUSE, "NL").own.version == "2026.2+local.1"
    assert law.jurisdictions["UK"].digest == shipped_law().jurisdictions["UK"].digest

    [case] = waiting_cases(1)
    analyst = factories.staff_user()
    claim_next(analyst, timezone.now())
    record_assessment(analyst, Findings(ABUSE), parts.law, Hotline("NL", 31), timezone.now())
    nl = Verdict.objects.get(content=case.content, jurisdiction="NL")
    assert nl.rule_version.endswith("@2026.2+local.1")
    assert Verdict.objects.get(content=case.content, jurisdiction="BE").rule_version.endswith(
        "@2026.1"
    )


def test_the_proposals_folder_is_in_the_data_directory_unless_set(settings):
    assert settings.MELDPUNT_PROPOSED_LAW_DIR == settings.DATA_DIR / "law"
    assert bootstrap.Parts().proposed_law_dir == settings.DATA_DIR / "law"
    settings.MELDPUNT_PROPOSED_LAW_DIR = settings.DATA_DIR / "elsewhere"
    assert bootstrap.Parts().proposed_law_dir == settings.DATA_DIR / "elsewhere"
