"""Holding a trail against signed checkpoints names truncation, rewriting and forged heads."""

import json
from dataclasses import replace

from nacl.signing import SigningKey

from meldpunt.core.audit_checkpoints import sign_checkpoint, verify_key_of
from meldpunt.core.audit_verification import CheckpointSource, FindingKind, judge_trail
from tests.unit.core.test_audit_chain import chain, rehashed

KEY = bytes(range(32))
AT = "2026-11-24T10:00:00.000000Z"
FILE = "the checkpoint file f"


def checkpoint_of(entries, seq, key=KEY):
    head = entries[seq - 1].hash if seq else "0" * 64
    return sign_checkpoint(key, seq, head, AT, "hourly")


def source(checkpoints, name=FILE, authority=True):
    lines = [(f"line {n}", c.to_line()) for n, c in enumerate(checkpoints, 1)]
    return CheckpointSource(name, lines, authority)


def judge(entries, head, *sources):
    return judge_trail(entries, head, list(sources), verify_key_of(KEY))


def kinds(verdict):
    return [finding.kind for finding in verdict.findings]


def renumbered_without(entries, seq):
    """Delete one event, renumber the rest and rehash them: what a database writer can do."""
    kept, out = [e for e in entries if e.seq != seq], []
    prev = "0" * 64
    for n, entry in enumerate(kept, 1):
        entry = rehashed(replace(entry, seq=n, prev_hash=prev))
        out.append(entry)
        prev = entry.hash
    return out


def test_a_trail_matching_its_checkpoints_is_intact():
    entries = chain(10)
    verdict = judge(entries, (10, entries[-1].hash), source([checkpoint_of(entries, 5)]))
    assert verdict.intact
    assert verdict.checkpoints == 1
    assert verdict.latest.seq == 5


def test_a_trail_without_any_checkpoint_holds_on_its_chain_alone():
    entries = chain(3)
    missing = CheckpointSource(FILE, None, authority=True)
    verdict = judge(entries, (3, entries[-1].hash), missing)
    assert verdict.intact
    assert verdict.latest is None


def test_a_cut_tail_with_the_head_moved_back_is_truncation():
    entries = chain(10)
    cut = entries[:7]
    verdict = judge(cut, (7, cut[-1].hash), source([checkpoint_of(entries, 10)]))
    assert kinds(verdict) == [FindingKind.TRUNCATED]
    message = verdict.findings[0].message
    assert message.startswith("events #8 to #10 are missing from the end of the trail")
    assert "line 1 of the checkpoint file f (event #10" in message
    assert "the head row was moved back to match" in message
    assert verdict.broken_seq == 8


def test_a_cut_tail_with_the_head_left_is_named_by_the_head_too():
    entries = chain(10)
    verdict = judge(entries[:9], (10, entries[-1].hash), source([checkpoint_of(entries, 10)]))
    assert kinds(verdict) == [FindingKind.HEAD, FindingKind.TRUNCATED]
    assert "event #10 is missing from the end" in verdict.findings[0].message
    assert "head row says it ends at event #10" in verdict.findings[0].message


def test_a_renumbered_and_rehashed_trail_is_rewriting_between_two_checkpoints():
    entries = chain(10)
    signed = [checkpoint_of(entries, seq) for seq in (0, 2, 5, 10)]
    forged = renumbered_without(entries, 3)
    verdict = judge(forged, (9, forged[-1].hash), source(signed))
    assert kinds(verdict) == [FindingKind.TRUNCATED, FindingKind.REWRITTEN]
    rewritten = verdict.findings[1].message
    assert "rewritten: event #5 is not the event that the checkpoint on line 3" in rewritten
    assert "the checkpoint for event #2 still matches" in rewritten
    assert "between events #3 and #5" in rewritten


def test_a_rewrite_padded_back_to_length_is_still_found():
    entries = chain(10)
    signed = [checkpoint_of(entries, seq) for seq in (5, 10)]
    forged = renumbered_without(entries, 8)
    forged = renumbered_without([*forged, entries[-1]], 0)  # an event appended to fill the gap
    verdict = judge(forged, (10, forged[-1].hash), source(signed))
    assert kinds(verdict) == [FindingKind.REWRITTEN]
    message = verdict.findings[0].message
    assert "event #10 is not the event" in message
    assert "checkpoint for event #5 still matches, so the rewrite begins between events #6" in (
        message
    )


def test_events_beyond_the_head_are_named_as_added_outside_meldpunt():
    entries = chain(11)
    verdict = judge(entries, (10, entries[9].hash), source([checkpoint_of(entries, 10)]))
    assert kinds(verdict) == [FindingKind.HEAD]
    message = verdict.findings[0].message
    assert message.startswith("event #11 is beyond the head row")
    assert "added outside Meldpunt" in message
    assert "missing" not in message


def test_a_missing_head_row_is_named():
    entries = chain(4)
    verdict = judge(entries, None, source([checkpoint_of(entries, 4)]))
    assert kinds(verdict) == [FindingKind.HEAD]
    assert verdict.findings[0].message.startswith("the head row is missing")
    assert "events up to #4" in verdict.findings[0].message


def test_a_head_row_with_another_hash_is_named():
    entries = chain(4)
    verdict = judge(entries, (4, "f" * 64), source([]))
    assert "the head row does not match event #4" in verdict.findings[0].message


def test_an_edited_checkpoint_line_is_forged_and_proves_nothing():
    entries = chain(10)
    fields = json.loads(checkpoint_of(entries, 10).to_line())
    fields.update(seq=7, head=entries[6].hash)  # made to fit a trail cut back to #7
    lines = [("line 1", json.dumps(fields))]
    verdict = judge(entries[:7], (7, entries[6].hash), CheckpointSource(FILE, lines, True))
    assert kinds(verdict) == [FindingKind.FORGED_CHECKPOINT]
    message = verdict.findings[0].message
    assert message.startswith("line 1 of the checkpoint file f is forged")
    assert verdict.checkpoints == 0


def test_lines_signed_with_another_key_say_so():
    entries = chain(3)
    other = bytes(SigningKey.generate())
    verdict = judge(entries, (3, entries[-1].hash), source([checkpoint_of(entries, 3, other)]))
    message = verdict.findings[0].message
    assert "was not signed with this installation's audit key" in message
    assert "the key was replaced" in message


def test_many_bad_lines_are_listed_a_few_at_a_time():
    entries = chain(1)
    lines = [(f"line {n}", "garbage") for n in range(1, 41)]
    verdict = judge(entries, (1, entries[0].hash), CheckpointSource(FILE, lines, True))
    assert len(verdict.findings) == 6
    assert "35 more lines of the checkpoint file f forged or damaged" in (
        verdict.findings[-1].message
    )


def test_a_missing_file_is_found_through_the_database_copy():
    entries = chain(5)
    copy = source([checkpoint_of(entries, 2), checkpoint_of(entries, 5)], "the db", False)
    verdict = judge(entries, (5, entries[-1].hash), CheckpointSource(FILE, None, True), copy)
    assert kinds(verdict) == [FindingKind.CHECKPOINTS_LOST]
    message = verdict.findings[0].message
    assert message.startswith("the checkpoint file f is missing")
    assert "the db holds 2 signed checkpoints for events #2 to #5" in message


def test_lines_cut_from_the_file_are_found_through_another_copy():
    entries = chain(5)
    both = [checkpoint_of(entries, 2), checkpoint_of(entries, 5)]
    verdict = judge(entries, (5, entries[-1].hash), source(both[:1]), source(both, "the db", False))
    assert kinds(verdict) == [FindingKind.CHECKPOINTS_LOST]
    assert "the db holds 1 signed checkpoint for event #5" in verdict.findings[0].message


def test_a_witness_copy_catches_a_rewrite_with_a_re_signed_file():
    """Someone holding the key rewrote the trail and the file; the witness's copy still holds."""
    entries = chain(6)
    witness = source([checkpoint_of(entries, 6)], "the witness copy w", False)
    forged = renumbered_without(entries, 2)
    forged = renumbered_without([*forged, entries[0]], 0)
    resigned = source([checkpoint_of(forged, 6)])
    assert judge(forged, (6, forged[-1].hash), resigned).intact
    verdict = judge(forged, (6, forged[-1].hash), resigned, witness)
    assert kinds(verdict) == [FindingKind.REWRITTEN, FindingKind.CHECKPOINTS_LOST]
    assert "the witness copy w" in verdict.findings[0].message
