"""The hash chain finds edits, gaps and reordering, and walks on to where the trail ends."""

from dataclasses import replace

from meldpunt.core.audit_chain import GENESIS_HASH, AuditEntry, entry_hash, walk_chain


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


def rehashed(entry: AuditEntry) -> AuditEntry:
    return replace(entry, hash=entry.computed_hash())


def test_an_untouched_chain_is_intact_and_its_end_is_known():
    entries = chain(5)
    walk = walk_chain(entries)
    assert walk.intact
    assert (walk.checked, walk.last_seq, walk.last_hash) == (5, 5, entries[-1].hash)


def test_an_empty_trail_ends_at_genesis():
    walk = walk_chain([])
    assert walk.intact
    assert (walk.last_seq, walk.last_hash) == (0, GENESIS_HASH)


def test_an_edited_event_is_named():
    entries = chain(5)
    entries[2] = replace(entries[2], actor="staff:2")
    walk = walk_chain(entries)
    assert not walk.intact
    assert walk.first_break.seq == 3
    assert "edited" in walk.first_break.problem


def test_an_edited_detail_is_found_even_when_its_hash_is_recomputed():
    entries = chain(5)
    entries[1] = rehashed(replace(entries[1], details={"items": [99]}))
    walk = walk_chain(entries)
    assert walk.first_break.seq == 3
    assert "link" in walk.first_break.problem


def test_a_deleted_event_is_found_and_the_walk_goes_on_to_the_end():
    entries = chain(5)
    del entries[3]
    walk = walk_chain(entries)
    assert walk.first_break.seq == 4
    assert "missing" in walk.first_break.problem
    assert (walk.checked, walk.last_seq) == (4, 5)


def test_only_the_first_break_is_named():
    entries = chain(6)
    entries[1] = replace(entries[1], actor="staff:9")
    entries[4] = replace(entries[4], actor="staff:9")
    assert walk_chain(entries).first_break.seq == 2


def test_watched_events_keep_their_stored_hash():
    entries = chain(5)
    walk = walk_chain(entries, watch={2, 5, 9})
    assert walk.stored == {2: entries[1].hash, 5: entries[4].hash}
    assert walk.stored_hash(0) == GENESIS_HASH
    assert walk.stored_hash(9) is None
