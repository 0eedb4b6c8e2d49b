"""`meldpunt audit verify` holds the trail against the signed checkpoints and names what a
database writer did: truncation, rewriting, a moved or missing head, forged events and lines."""

import json

import pytest
from click.testing import CliRunner

from meldpunt.audit.models import AuditCheckpoint, AuditEvent
from meldpunt.audit.services import Actor, record_event
from meldpunt.cli.main import cli
from tests.integration.audit.tampering import (
    cut_after,
    forge_event,
    move_head,
    rewrite_without,
    sql,
    trail,
)

pytestmark = pytest.mark.django_db(transaction=True)


def verify(*args: str):
    return CliRunner().invoke(cli, ["audit", "verify", *args])


def broken(*args: str) -> str:
    result = verify(*args)
    assert result.exit_code == 1, result.output
    assert result.output.startswith("The audit trail is broken")
    return " ".join(result.output.split())  # messages wrap nowhere, but read as one text


def test_a_trail_that_matches_its_checkpoints_is_intact(checkpoints):
    trail(8, {5})
    result = verify()
    assert result.exit_code == 0, result.output
    assert "intact: 8 events checked against 1 signed checkpoint" in result.output
    assert "the latest vouches for event #5" in result.output
    assert "only the hash chain vouches for events #6 to #8" in result.output


def test_a_truncated_trail_is_found(checkpoints):
    trail(10, {10})
    cut_after(7)
    output = broken()
    assert (
        "events #8 to #10 are missing from the end of the trail: the head row says it ends at "
        "event #10, but the last stored event is #7"
    ) in output
    assert (
        "events #8 to #10 are missing from the end of the trail: the checkpoint on line 1 of "
        f"the checkpoint file {checkpoints} (event #10, signed"
    ) in output


def test_moving_the_head_back_after_truncating_is_found(checkpoints):
    trail(10, {10})
    cut_after(7)
    move_head(7)
    output = broken()
    assert "events #8 to #10 are missing from the end of the trail" in output
    assert "vouched for event #10, but the trail now ends at #7" in output
    assert "and the head row was moved back to match" in output
    assert "head row says" not in output


def test_a_rewritten_trail_is_found_between_the_checkpoints_around_it(checkpoints):
    trail(10, {2, 5, 10})
    rewrite_without(3)
    output = broken()
    assert (
        "the trail was rewritten: event #5 is not the event that the checkpoint on line 2 of "
        f"the checkpoint file {checkpoints} (event #5, signed"
    ) in output
    assert (
        "the checkpoint for event #2 still matches, so the rewrite begins between events #3 and #5"
    ) in output
    assert "event #10 is missing from the end of the trail" in output
    assert "the chain is broken" not in output


def test_a_forged_extra_event_is_named_as_such(checkpoints):
    trail(10, {10})
    forge_event()
    output = broken()
    assert (
        "event #11 is beyond the head row, which ends the trail at event #10: added outside "
        "Meldpunt"
    ) in output
    assert "missing" not in output


def test_a_forged_extra_event_with_a_bad_link_is_named_twice_over(checkpoints):
    trail(10, {10})
    forged = forge_event(linked=False)
    output = broken()
    assert f"the chain is broken at event #11 (row id {forged.pk}, test.forged by staff:1" in (
        output
    )
    assert "its link to the previous event does not match" in output
    assert "event #11 is beyond the head row" in output


def test_a_deleted_head_row_is_named(checkpoints):
    trail(10, {10})
    sql("DELETE FROM audit_audithead")
    output = broken()
    assert "the head row is missing (deleted): the trail holds events up to #10" in output
    assert "missing from the end" not in output


def test_an_edited_checkpoint_line_is_forged_and_the_database_copy_still_counts(checkpoints):
    trail(10, {5, 10})
    lines = checkpoints.read_text().splitlines()
    edited = json.loads(lines[1])
    edited["seq"] = 9  # to make it look as if the trail had only reached #9
    checkpoints.write_text(lines[0] + "\n" + json.dumps(edited) + "\n")
    output = broken()
    assert (
        f"line 2 of the checkpoint file {checkpoints} is forged: its signature does not verify"
    ) in output
    assert "it claims event #9" in output
    assert (
        f"the checkpoint file {checkpoints} lacks checkpoints: the database's copy of the "
        "checkpoints holds 1 signed checkpoint for event #10"
    ) in output


def test_a_damaged_checkpoint_line_is_named(checkpoints):
    trail(3, {3})
    with open(checkpoints, "a") as handle:
        handle.write("garbage\n")
    output = broken()
    assert (
        f"line 2 of the checkpoint file {checkpoints} is not a readable checkpoint "
        "(the line is not JSON)"
    ) in output


def test_a_missing_checkpoint_file_is_found(checkpoints):
    trail(10, {5, 10})
    checkpoints.unlink()
    output = broken()
    assert (
        f"the checkpoint file {checkpoints} is missing (deleted or moved away); the database's "
        "copy of the checkpoints holds 2 signed checkpoints for events #5 to #10"
    ) in output


def test_without_the_file_the_database_copy_still_shows_a_rewrite(checkpoints):
    trail(10, {5, 10})
    rewrite_without(3)
    checkpoints.unlink()
    output = broken()
    assert "the trail was rewritten: event #5 is not the event that the checkpoint on row" in (
        output
    )


def test_a_witness_copy_finds_a_rewrite_by_someone_who_also_holds_the_key(tmp_path, checkpoints):
    trail(6)
    printed = CliRunner().invoke(cli, ["audit", "checkpoint"])
    assert printed.exit_code == 0, printed.output
    witness = tmp_path / "mailed-to-the-privacy-officer.txt"
    witness.write_text("\n" + printed.stdout + "\n")  # as pasted from a mail
    # root rewrites the trail, deletes both copies of the checkpoints and signs afresh
    rewrite_without(2)
    record_event(Actor.system(), "test.event", None, {"n": 7})
    checkpoints.unlink()
    sql("DELETE FROM audit_auditcheckpoint")
    assert CliRunner().invoke(cli, ["audit", "checkpoint"]).exit_code == 0
    assert verify().exit_code == 0  # nothing left on this machine shows it
    output = broken("--witness", str(witness))
    assert (
        "the trail was rewritten: event #6 is not the event that the checkpoint on line 2 of "
        f"the witness copy {witness} (event #6"
    ) in output
    assert "the rewrite begins at or before event #6" in output


def test_checkpoint_prints_a_line_and_reuses_it_while_the_head_stays(checkpoints):
    trail(2)
    first = CliRunner().invoke(cli, ["audit", "checkpoint"]).stdout
    again = CliRunner().invoke(cli, ["audit", "checkpoint"]).stdout
    assert first == again
    assert json.loads(first)["seq"] == 2
    assert json.loads(first)["reason"] == "operator"
    assert checkpoints.read_text() == first
    trail(1)
    assert json.loads(CliRunner().invoke(cli, ["audit", "checkpoint"]).stdout)["seq"] == 3
    assert AuditCheckpoint.objects.count() == 2


def test_a_missing_witness_file_is_refused_plainly(tmp_path):
    result = verify("--witness", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_an_unreadable_checkpoint_file_is_an_error_not_a_traceback(checkpoints):
    trail(1)
    checkpoints.mkdir(parents=True)
    result = verify()
    assert result.exit_code == 1
    assert f"cannot read the checkpoint file {checkpoints}" in result.output
    assert "Traceback" not in result.output
    assert AuditEvent.objects.count() == 1
