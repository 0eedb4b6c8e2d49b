"""Checkpoints are signed, read back strictly, and appended to their file whole and in order."""

import json
import stat
import threading

import pytest
from nacl.signing import SigningKey

from meldpunt.core.audit_checkpoints import (
    CheckpointDamaged,
    CheckpointFile,
    parse_checkpoint,
    sign_checkpoint,
    verify_key_of,
)

KEY = bytes(range(32))
HEAD = "ab" * 32
AT = "2026-11-24T10:00:00.000000Z"


def signed(seq=7, head=HEAD, reason="hourly", key=KEY):
    return sign_checkpoint(key, seq, head, AT, reason)


def test_a_signed_checkpoint_reads_back_and_holds():
    checkpoint = signed()
    again = parse_checkpoint(checkpoint.to_line())
    assert again == checkpoint
    assert again.signature_holds(verify_key_of(KEY))
    assert json.loads(checkpoint.to_line())["seq"] == 7


@pytest.mark.parametrize(
    ("field", "value"),
    [("seq", 8), ("head", "cd" * 32), ("at", "2026-11-24T11:00:00.000000Z"), ("reason", "x")],
)
def test_an_edited_field_breaks_the_signature(field, value):
    fields = json.loads(signed().to_line())
    fields[field] = value
    assert not parse_checkpoint(json.dumps(fields)).signature_holds(verify_key_of(KEY))


def test_a_checkpoint_signed_with_another_key_does_not_hold():
    other = bytes(SigningKey.generate())
    assert not signed(key=other).signature_holds(verify_key_of(KEY))


def test_a_line_naming_our_key_but_signed_with_another_does_not_hold():
    fields = json.loads(signed(key=bytes(SigningKey.generate())).to_line())
    fields["key"] = verify_key_of(KEY).hex()
    assert not parse_checkpoint(json.dumps(fields)).signature_holds(verify_key_of(KEY))


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "fields"),
        ("[" * 5000, "too long"),
        ("[" * 1020 + "]" * 1020, "not JSON"),  # nested deeper than the parser recurses
    ],
)
def test_a_line_that_is_no_checkpoint_is_refused_plainly(line, problem):
    with pytest.raises(CheckpointDamaged, match=problem):
        parse_checkpoint(line)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seq", "7"),
        ("seq", True),
        ("seq", -1),
        ("seq", 2**64),
        ("head", "AB" * 32),
        ("head", "ab"),
        ("at", "yesterday"),
        ("reason", "with space"),
        ("reason", ""),
        ("sig", "00"),
        ("v", 2),
    ],
)
def test_malformed_fields_are_refused_by_name(field, value):
    fields = json.loads(signed().to_line())
    fields[field] = value
    with pytest.raises(CheckpointDamaged):
        parse_checkpoint(json.dumps(fields))


def test_extra_or_missing_fields_are_refused():
    fields = json.loads(signed().to_line())
    with pytest.raises(CheckpointDamaged):
        parse_checkpoint(json.dumps({**fields, "note": "x"}))
    del fields["sig"]
    with pytest.raises(CheckpointDamaged):
        parse_checkpoint(json.dumps(fields))


def test_a_bad_reason_is_refused_before_signing():
    with pytest.raises(ValueError, match="reason"):
        signed(reason="Hourly check")


def test_the_file_is_created_owner_only_and_lines_are_appended(tmp_path):
    store = CheckpointFile(tmp_path / "audit" / "checkpoints.jsonl")
    assert store.read_lines() is None
    first, appended = store.extend(lambda latest: signed(1))
    assert appended
    store.extend(lambda latest: signed(2))
    assert [parse_checkpoint(line) for line in store.read_lines()] == [first, signed(2)]
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700


def test_returning_the_latest_appends_nothing(tmp_path):
    store = CheckpointFile(tmp_path / "checkpoints.jsonl")
    seen = []
    store.extend(lambda latest: signed(1))
    checkpoint, appended = store.extend(lambda latest: seen.append(latest) or latest)
    assert not appended
    assert seen == [signed(1)] == [checkpoint]
    assert len(store.read_lines()) == 1


def test_an_unfinished_last_line_stays_and_the_next_starts_afresh(tmp_path):
    store = CheckpointFile(tmp_path / "checkpoints.jsonl")
    store.extend(lambda latest: signed(1))
    with open(store.path, "a") as handle:
        handle.write(signed(2).to_line()[:40])  # a crash in the middle of a write
    seen = []
    store.extend(lambda latest: seen.append(latest) or signed(3))
    assert seen == [None]  # the unfinished line is no checkpoint to build on
    lines = store.read_lines()
    assert len(lines) == 3
    assert parse_checkpoint(lines[2]) == signed(3)
    with pytest.raises(CheckpointDamaged):
        parse_checkpoint(lines[1])


def test_concurrent_writers_append_whole_lines_in_order(tmp_path):
    store = CheckpointFile(tmp_path / "checkpoints.jsonl")
    counter = iter(range(1, 10_000))

    def next_checkpoint(latest):
        seq = next(counter)
        assert latest is None or latest.seq == seq - 1
        return signed(seq)

    def writer():
        for _ in range(25):
            store.extend(next_checkpoint)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seqs = [parse_checkpoint(line).seq for line in store.read_lines()]
    assert seqs == list(range(1, 201))
