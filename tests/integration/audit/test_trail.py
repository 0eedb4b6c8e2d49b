"""The audit trail: appended by every change, verified, and broken by any hand edit."""

import pytest
from click.testing import CliRunner
from django.db import connection

from meldpunt.audit.models import AppendOnlyError, AuditCheckpoint, AuditEvent
from meldpunt.audit.services import Actor, record_event, record_events
from meldpunt.audit.tasks import verify_audit_trail_daily
from meldpunt.audit.verification import verify_trail
from meldpunt.cli.main import cli
from meldpunt.core.audit_verification import FindingKind
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def some_history():
    factories.report("https://example.com/a.jpg", contact="x@example.org")
    factories.report("https://example.com/a.jpg", "https://example.com/b.jpg")
    for n in range(3):
        record_event(Actor.system(), "test.event", None, {"n": n})


def test_verify_passes_on_an_untouched_trail_and_says_nothing_is_signed_yet():
    some_history()
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact: 5 events checked" in result.output
    assert "No signed checkpoint exists yet" in result.output


def test_a_hand_edited_row_is_named(tmp_path):
    some_history()
    target = AuditEvent.objects.get(seq=3)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor = %s WHERE id = %s", ["staff:999", target.pk]
        )
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"broken at event #3 (row id {target.pk}" in result.output
    assert "edited after it was written" in result.output


def test_a_hand_edited_detail_is_found():
    some_history()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET details = %s WHERE seq = 4", ['{"n": 7}'])
    verdict = verify_trail()
    assert verdict.broken_seq == 4


def test_a_deleted_row_is_found():
    some_history()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    verdict = verify_trail()
    assert verdict.broken_seq == 2
    assert [f.kind for f in verdict.findings] == [FindingKind.CHAIN]
    assert "event 2 is missing" in verdict.findings[0].message


def test_events_and_checkpoints_cannot_be_changed_through_the_orm():
    some_history()
    record_event(Actor.system(), "staff.created", None, {})
    for row in (AuditEvent.objects.first(), AuditCheckpoint.objects.first()):
        row.reason = row.actor = "someone else"
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()


def test_the_daily_job_records_its_verdict():
    some_history()
    assert verify_audit_trail_daily.call_local() is True
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x' WHERE seq = 1")
    assert verify_audit_trail_daily.call_local() is False


def test_events_hold_ids_never_contact_data():
    some_history()
    dump = repr(list(AuditEvent.objects.values()))
    assert "x@example.org" not in dump


def test_events_appended_together_chain_like_single_ones():
    record_event(Actor.system(), "test.first", None, {})
    together = record_events(Actor.system(), [("test.batch", None, {"n": n}) for n in range(4)])
    record_event(Actor.system(), "test.last", None, {})
    assert [e.seq for e in together] == [2, 3, 4, 5]
    assert [e.prev_hash for e in together[1:]] == [e.hash for e in together[:-1]]
    assert verify_trail().intact
    assert record_events(Actor.system(), []) == []


@pytest.mark.parametrize(
    ("broken_seq", "shown"),
    [
        (4, "BROKEN at event #4. Tell your administrator."),
        (None, "BROKEN. Tell your administrator."),
    ],
)
def test_the_staff_overview_shows_a_broken_trail(staff, broken_seq, shown):
    from django.utils import translation

    from meldpunt.audit.models import AuditVerification

    AuditVerification.objects.create(intact=False, checked=9, broken_seq=broken_seq)
    client, _ = staff("analyst")
    with translation.override("en"):
        page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert shown in page
    assert "#None" not in page
