"""Privacy-relevant events have the trail's head signed before the action returns, and
an hourly job signs it anyway; a checkpoint that cannot be written stops the action."""

import json
import stat

import pytest
from django.db import transaction

from meldpunt.accounts.models import Role
from meldpunt.accounts.services import create_staff_user
from meldpunt.audit.checkpoints import CheckpointFailed
from meldpunt.audit.models import AuditCheckpoint, AuditEvent
from meldpunt.audit.services import Actor, record_event
from meldpunt.audit.tasks import checkpoint_audit_head_hourly
from meldpunt.audit.verification import verify_trail
from meldpunt.audit.witnessed import is_witnessed
from meldpunt.core.audit_verification import FindingKind
from meldpunt.privacy.services import open_contact
from tests import factories
from tests.integration.audit.tampering import rewrite_without

pytestmark = pytest.mark.django_db(transaction=True)


def signed(checkpoints) -> list[dict]:
    if not checkpoints.exists():
        return []
    return [json.loads(line) for line in checkpoints.read_text().splitlines()]


def unseal():
    report = factories.report("https://example.com/1.jpg", contact="reporter@example.org")
    officer = factories.staff_user(role=Role.PRIVACY_OFFICER)
    return open_contact(report, officer, "The reporter asked for feedback by phone")


def test_opening_a_sealed_contact_is_signed_before_the_contact_is_shown(checkpoints):
    assert unseal() == "reporter@example.org"
    event = AuditEvent.objects.get(action="contact.unsealed")
    [checkpoint] = signed(checkpoints)
    assert (checkpoint["seq"], checkpoint["head"]) == (event.seq, event.hash)
    assert checkpoint["reason"] == "contact.unsealed"
    assert AuditCheckpoint.objects.get().line == json.dumps(checkpoint, separators=(",", ":"))
    assert "reporter@example.org" not in checkpoints.read_text()


def test_removing_an_unsealing_from_the_trail_is_found(checkpoints):
    unseal()
    record_event(Actor.system(), "test.event", None, {})
    unsealed = AuditEvent.objects.get(action="contact.unsealed").seq
    rewrite_without(unsealed)
    verdict = verify_trail()
    [finding] = verdict.findings
    assert (finding.kind, finding.seq) == (FindingKind.REWRITTEN, unsealed)
    assert "contact.unsealed) vouched for" in finding.message


def test_a_checkpoint_that_cannot_be_written_keeps_the_contact_sealed(settings, tmp_path):
    (tmp_path / "not-a-directory").write_text("")
    settings.MELDPUNT_AUDIT_CHECKPOINTS = tmp_path / "not-a-directory" / "checkpoints.jsonl"
    with pytest.raises(CheckpointFailed, match="cannot write the checkpoint file"):
        unseal()
    assert AuditEvent.objects.filter(action="contact.unsealed").exists()


def test_staff_changes_are_signed_sign_ins_are_not(checkpoints, client):
    user = create_staff_user("newcomer", "a-long-test-password-42", Role.ANALYST)
    assert [c["reason"] for c in signed(checkpoints)] == ["staff.created"]
    client.force_login(user)
    assert AuditEvent.objects.filter(action="staff.login").exists()
    assert len(signed(checkpoints)) == 1


def test_a_privacy_event_that_is_rolled_back_signs_nothing(checkpoints):
    def record_then_fail():
        with transaction.atomic():
            record_event(Actor.system(), "contact.unsealed", None, {})
            raise RuntimeError("the action failed after recording")

    with pytest.raises(RuntimeError):
        record_then_fail()
    assert signed(checkpoints) == []
    assert not AuditEvent.objects.exists()


def test_several_witnessed_events_together_sign_once(checkpoints):
    with transaction.atomic():
        record_event(Actor.system(), "staff.role_changed", None, {})
        record_event(Actor.system(), "keys.rotated", None, {})
    [checkpoint] = signed(checkpoints)
    assert checkpoint["seq"] == 2
    assert checkpoint["reason"] == "staff.role_changed"


def test_the_hourly_job_signs_the_head_once_for_each_new_position(checkpoints):
    assert checkpoint_audit_head_hourly.call_local() == 0
    record_event(Actor.system(), "test.event", None, {})
    assert checkpoint_audit_head_hourly.call_local() == 1
    assert checkpoint_audit_head_hourly.call_local() == 1
    assert [(c["seq"], c["reason"]) for c in signed(checkpoints)] == [(0, "hourly"), (1, "hourly")]
    assert stat.S_IMODE(checkpoints.stat().st_mode) == 0o600
    assert stat.S_IMODE(checkpoints.parent.stat().st_mode) == 0o700
    assert verify_trail().intact


@pytest.mark.parametrize(
    ("action", "witnessed"),
    [
        ("contact.unsealed", True),
        ("keys.rotated", True),
        ("staff.created", True),
        ("staff.mfa_added", True),
        ("staff.mfa_removed", True),
        ("staff.disabled", True),
        ("staff.login", False),
        ("staff.logout", False),
        ("staff.login_failed", False),
        ("report.received", False),
        ("capture.failed_final", False),
    ],
)
def test_the_witnessed_actions(action, witnessed):
    assert is_witnessed(action) is witnessed
