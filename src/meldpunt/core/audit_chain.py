"""The audit trail's hash chain: each event's hash covers its content and its predecessor."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of walking the chain: how far it holds and where it first breaks."""

    checked: int
    broken_seq: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        """True when every event links to the one before and matches its own hash."""
        return self.broken_seq is None


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


def verify_chain(entries: Iterable[AuditEntry], head: tuple[int, str] | None = None) -> ChainCheck:
    """Walk entries in order; report the first one that breaks the chain."""
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    for entry in entries:
        problem = _problem(entry, expected_seq, expected_prev)
        if problem:
            # A gap is named by the missing number; anything else by the event itself.
            broken = expected_seq if entry.seq != expected_seq else entry.seq
            return ChainCheck(checked, broken, problem)
        expected_seq, expected_prev, checked = entry.seq + 1, entry.hash, checked + 1
    if head is not None and head != (expected_seq - 1, expected_prev):
        return ChainCheck(checked, expected_seq, "events at the end of the trail are missing")
    return ChainCheck(checked)


def _problem(entry: AuditEntry, expected_seq: int, expected_prev: str) -> str:
    if entry.seq != expected_seq:
        return f"event {expected_seq} is missing (next stored event is {entry.seq})"
    if entry.prev_hash != expected_prev:
        return "its link to the previous event does not match"
    recomputed = entry_hash(
        entry.prev_hash,
        entry.seq,
        entry.occurred_at,
        entry.actor,
        entry.action,
        entry.subject,
        entry.details,
    )
    if recomputed != entry.hash:
        return "its stored content does not match its hash (edited after it was written)"
    return ""
