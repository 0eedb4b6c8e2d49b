"""The audit trail's hash chain: each event's hash covers its content and its predecessor."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One event of the trail, as stored."""

    seq: int
    occurred_at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str

    def computed_hash(self) -> str:
        """The hash its content and link should have (stored `hash` is what it claims)."""
        return entry_hash(
            self.prev_hash,
            self.seq,
            self.occurred_at,
            self.actor,
            self.action,
            self.subject,
            self.details,
        )


@dataclass(frozen=True)
class ChainBreak:
    """The first event that does not hold: a gap, a broken link, or content that was edited."""

    seq: int
    problem: str


@dataclass
class ChainWalk:
    """What one pass over the stored events found: the first break, where the stored trail
    ends, and the stored hash of each event whose number was asked for (the checkpoints')."""

    checked: int = 0
    first_break: ChainBreak | None = None
    last_seq: int = 0
    last_hash: str = GENESIS_HASH
    stored: dict[int, str] = field(default_factory=dict)

    @property
    def intact(self) -> bool:
        """True when every event links to the one before and matches its own hash."""
        return self.first_break is None

    def stored_hash(self, seq: int) -> str | None:
        """The hash stored for a watched event, GENESIS_HASH for 0, None if there is none."""
        return GENESIS_HASH if seq == 0 else self.stored.get(seq)


def stamp(moment: datetime) -> str:
    """The one text form of a time that goes into hashes and signatures."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    prev_hash: str,
    seq: int,
    occurred_at: str,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any],
) -> str:
    """The SHA-256 over a canonical JSON form of the event and its predecessor's hash."""
    canonical = json.dumps(
        [prev_hash, seq, occurred_at, actor, action, subject, details],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def walk_chain(entries: Iterable[AuditEntry], watch: Collection[int] = ()) -> ChainWalk:
    """Walk entries in order to the end, noting the first break and the watched hashes.

    After a break the walk goes on from the event as stored, so that where the trail ends and
    what the checkpoints' events hold are known however it was damaged."""
    walk = ChainWalk()
    expected_seq, expected_prev = 1, GENESIS_HASH
    for entry in entries:
        problem = "" if walk.first_break else _problem(entry, expected_seq, expected_prev)
        if problem:
            # A gap is named by the missing number; anything else by the event itself.
            walk.first_break = ChainBreak(expected_seq, problem)
        if entry.seq in watch:
            walk.stored[entry.seq] = entry.hash
        expected_seq, expected_prev = entry.seq + 1, entry.hash
        walk.checked, walk.last_seq, walk.last_hash = walk.checked + 1, entry.seq, entry.hash
    return walk


def _problem(entry: AuditEntry, expected_seq: int, expected_prev: str) -> str:
    if entry.seq != expected_seq:
        return f"event {expected_seq} is missing (next stored event is {entry.seq})"
    if entry.prev_hash != expected_prev:
        return "its link to the previous event does not match"
    if entry.computed_hash() != entry.hash:
        return "its stored content does not match its hash (edited after it was written)"
    return ""
