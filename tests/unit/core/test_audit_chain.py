"""The hash chain finds edits, gaps, reordering and a cut-off tail."""

from dataclasses import replace

from meldpunt.core.audit_chain import GENESIS_HASH, AuditEntry, entry_hash, verify_chain


def chain(length: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS_HASH
    for seq in range(1, length + 1):
        fields = (
            seq,
            f"2026-11-24T10:00:{seq:02d}.000000Z",
            "staff:1",
            "report.received",
            f"intake.report:{seq}",
            {"items": [seq]},
        )
        digest = entry_hash(prev, *fields)
        entries.append(AuditEntry(*fields, prev_hash=prev, hash=digest))
        prev = digest
    return entries


def test_an_untouched_chain_is_intact():
    entries = chain(5)
    check = verify_chain(entries, head=(5, entries[-1].hash))
    assert check.intact
    assert check.checked == 5


def test_an_edited_event_is_named():
    entries = chain(5)
    entries[2] = replace(entries[2], actor="staff:2")
    check = verify_chain(entries)
    assert not check.intact
    assert check.broken_seq == 3
    assert "edited" in check.problem


def test_an_edited_detail_is_found_even_when_its_hash_is_recomputed():
    entries = chain(5)
    forged = replace(entries[1], details={"items": [99]})
    forged = replace(
        forged,
        hash=entry_hash(
            forged.prev_hash,
            forged.seq,
            forged.occurred_at,
            forged.actor,
            forged.action,
            forged.subject,
            forged.details,
        ),
    )
    entries[1] = forged
    check = verify_chain(entries)
    assert check.broken_seq == 3
    assert "link" in check.problem


def test_a_deleted_event_is_found():
    entries = chain(5)
    del entries[3]
    check = verify_chain(entries)
    assert check.broken_seq == 4
    assert "missing" in check.problem


def test_a_cut_off_tail_is_found_through_the_head():
    entries = chain(5)
    check = verify_chain(entries[:4], head=(5, entries[-1].hash))
    assert not check.intact
    assert check.broken_seq == 5
