"""Judging the audit trail: its hash chain, its head row, and the signed checkpoints of its head.

The chain alone shows an event edited or removed by someone who did not also rehash what came
after. The checkpoints show the rest: a trail cut short, rewritten from some event on, or with
a head that was moved. Each finding names the event numbers and the checkpoint it rests on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from meldpunt.core.audit_chain import AuditEntry, ChainWalk, walk_chain
from meldpunt.core.audit_checkpoints import Checkpoint, CheckpointDamaged, parse_checkpoint

MAX_LISTED_LINES = 5  # bad lines named one by one per copy; a replaced key would fail them all


class FindingKind(StrEnum):
    """What kind of damage a finding is."""

    CHAIN = "chain"  # an event is missing, does not link, or was edited
    HEAD = "head"  # the head row does not match where the stored trail ends
    TRUNCATED = "truncated"  # events a checkpoint vouched for are gone from the end
    REWRITTEN = "rewritten"  # an event is not the one a checkpoint vouched for
    FORGED_CHECKPOINT = "forged checkpoint"
    DAMAGED_CHECKPOINT = "damaged checkpoint"
    CHECKPOINTS_LOST = "checkpoints lost"  # the file is missing or lacks signed checkpoints


@dataclass(frozen=True)
class Finding:
    """One thing wrong with the trail, told in a sentence."""

    kind: FindingKind
    message: str
    seq: int | None = None


@dataclass(frozen=True)
class CheckpointSource:
    """One copy of the checkpoints: the checkpoint file (the authority), the database's copy,
    or a witness's. `lines` are (where, text) pairs such as ("line 3", "{...}"); None means
    the copy does not exist."""

    name: str
    lines: Sequence[tuple[str, str]] | None
    authority: bool = False


@dataclass(frozen=True)
class Witnessed:
    """A checkpoint whose signature holds, and where it was read."""

    checkpoint: Checkpoint
    source: str
    where: str

    @property
    def seq(self) -> int:
        """The event it vouches for."""
        return self.checkpoint.seq

    def describe(self) -> str:
        """'the checkpoint on line 3 of ... (event #5, signed ..., hourly)'."""
        c = self.checkpoint
        return (
            f"the checkpoint on {self.where} of {self.source} "
            f"(event #{c.seq}, signed {when(c.signed_at)}, {c.reason})"
        )


@dataclass(frozen=True)
class TrailVerdict:
    """Everything one verification found."""

    checked: int
    last_seq: int
    findings: tuple[Finding, ...]
    checkpoints: int
    latest: Witnessed | None

    @property
    def intact(self) -> bool:
        """True when nothing is wrong."""
        return not self.findings

    @property
    def broken_seq(self) -> int | None:
        """The event number of the first finding that names one."""
        return next((f.seq for f in self.findings if f.seq is not None), None)


@dataclass(frozen=True)
class _Copy:
    source: CheckpointSource
    valid: list[Witnessed]
    bad: list[Finding]


def judge_trail(
    entries: Iterable[AuditEntry],
    head: tuple[int, str] | None,
    sources: Sequence[CheckpointSource],
    verify_key: bytes,
) -> TrailVerdict:
    """Walk the chain once and hold it, and its head row, against every signed checkpoint."""
    copies = [_read(source, verify_key) for source in sources]
    witnessed = _unique(copies)
    walk = walk_chain(entries, {w.seq for w in witnessed})
    findings = [
        *_chain_findings(walk),
        *_head_findings(walk, head),
        *_truncation(walk, head, witnessed),
        *_rewrites(walk, witnessed),
        *(finding for copy in copies for finding in copy.bad),
        *_lost(copies),
    ]
    latest = max(witnessed, key=lambda w: w.seq, default=None)
    return TrailVerdict(walk.checked, walk.last_seq, tuple(findings), len(witnessed), latest)


def when(signed_at: str) -> str:
    """A stamp as people read it: '2026-11-24 10:00:00 UTC'."""
    return f"{signed_at[:10]} {signed_at[11:19]} UTC"


def span(first: int, last: int) -> str:
    """'event #4' or 'events #4 to #9'."""
    return f"event #{first}" if first == last else f"events #{first} to #{last}"


def counted(n: int, thing: str) -> str:
    """'1 signed checkpoint', '3 signed checkpoints'."""
    return f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _are(first: int, last: int) -> str:
    return "is" if first == last else "are"


def _read(source: CheckpointSource, verify_key: bytes) -> _Copy:
    valid: list[Witnessed] = []
    bad: list[Finding] = []
    for where, text in source.lines or ():
        try:
            checkpoint = parse_checkpoint(text)
        except CheckpointDamaged as error:
            message = f"{where} of {source.name} is not a readable checkpoint ({error})"
            bad.append(Finding(FindingKind.DAMAGED_CHECKPOINT, message + ": damaged or edited"))
            continue
        if checkpoint.signature_holds(verify_key):
            valid.append(Witnessed(checkpoint, source.name, where))
        else:
            bad.append(_forgery(checkpoint, f"{where} of {source.name}", verify_key))
    if len(bad) > MAX_LISTED_LINES:
        more = counted(len(bad) - MAX_LISTED_LINES, "more line")
        summary = f"{more} of {source.name} forged or damaged as well"
        bad = [*bad[:MAX_LISTED_LINES], Finding(FindingKind.FORGED_CHECKPOINT, summary)]
    return _Copy(source, valid, bad)


def _forgery(checkpoint: Checkpoint, place: str, verify_key: bytes) -> Finding:
    if checkpoint.key != verify_key.hex():
        message = (
            f"{place} was not signed with this installation's audit key: it names key "
            f"{checkpoint.key[:16]}..., the key store holds {verify_key.hex()[:16]}...; "
            f"the key was replaced, or the line was forged (it claims event #{checkpoint.seq})"
        )
    else:
        message = (
            f"{place} is forged: its signature does not verify, so it was edited or written "
            f"without the audit key (it claims event #{checkpoint.seq})"
        )
    return Finding(FindingKind.FORGED_CHECKPOINT, message, checkpoint.seq)


def _unique(copies: Sequence[_Copy]) -> list[Witnessed]:
    """Each signed checkpoint once, as read from the authority where it holds it."""
    ordered = sorted(copies, key=lambda copy: not copy.source.authority)
    seen: dict[str, Witnessed] = {}
    for copy in ordered:
        for witnessed in copy.valid:
            seen.setdefault(witnessed.checkpoint.signature, witnessed)
    return list(seen.values())


def _chain_findings(walk: ChainWalk) -> list[Finding]:
    if walk.first_break is None:
        return []
    broken = walk.first_break
    message = f"the chain is broken at event #{broken.seq}: {broken.problem}"
    return [Finding(FindingKind.CHAIN, message, broken.seq)]


def _head_findings(walk: ChainWalk, head: tuple[int, str] | None) -> list[Finding]:
    last = walk.last_seq
    if head is None:
        if last == 0:
            return []
        message = (
            f"the head row is missing (deleted): the trail holds events up to #{last}, and "
            "nothing records where it should end"
        )
        return [Finding(FindingKind.HEAD, message, last)]
    seq, digest = head
    if seq > last:
        message = (
            f"{span(last + 1, seq)} {_are(last + 1, seq)} missing from the end of the trail: "
            f"the head row says it ends at event #{seq}, but the last stored event is #{last}"
        )
        return [Finding(FindingKind.HEAD, message, last + 1)]
    if seq < last:
        message = (
            f"{span(seq + 1, last)} {_are(seq + 1, last)} beyond the head row, which ends the "
            f"trail at event #{seq}: added outside Meldpunt, which moves the head with every "
            "event it writes"
        )
        return [Finding(FindingKind.HEAD, message, seq + 1)]
    if digest != walk.last_hash:
        message = (
            f"the head row does not match event #{last}, the last stored event: their hashes "
            "differ, so the head row or the event was changed"
        )
        return [Finding(FindingKind.HEAD, message, last)]
    return []


def _truncation(
    walk: ChainWalk, head: tuple[int, str] | None, witnessed: Sequence[Witnessed]
) -> list[Finding]:
    furthest = max(witnessed, key=lambda w: w.seq, default=None)
    last = walk.last_seq
    if furthest is None or furthest.seq <= last:
        return []
    message = (
        f"{span(last + 1, furthest.seq)} {_are(last + 1, furthest.seq)} missing from the end of "
        f"the trail: {furthest.describe()} vouched for event #{furthest.seq}, but the trail now "
        f"ends at #{last}"
    )
    if head == (last, walk.last_hash):
        message += ", and the head row was moved back to match"
    return [Finding(FindingKind.TRUNCATED, message, last + 1)]


def _rewrites(walk: ChainWalk, witnessed: Sequence[Witnessed]) -> list[Finding]:
    held = sorted((w for w in witnessed if w.seq <= walk.last_seq), key=lambda w: w.seq)
    differing = [w for w in held if walk.stored_hash(w.seq) != w.checkpoint.head]
    if not differing:
        return []
    first = differing[0]
    if walk.stored_hash(first.seq) is None:
        message = f"event #{first.seq}, which {first.describe()} vouched for, is gone"
    else:
        message = (
            f"the trail was rewritten: event #{first.seq} is not the event that "
            f"{first.describe()} vouched for"
        )
    message += _rewrite_start(first.seq, [w.seq for w in held if w.seq < first.seq])
    if len(differing) > 1:
        message += f"; {counted(len(differing) - 1, 'later checkpoint')} not matching either"
    return [Finding(FindingKind.REWRITTEN, message, first.seq)]


def _rewrite_start(differs: int, matching: list[int]) -> str:
    """Where the rewrite begins: after the last checkpoint below it that still matches."""
    if not matching:
        return f"; the rewrite begins at or before event #{differs}"
    after = max(matching)
    if after + 1 == differs:
        return f"; the checkpoint for event #{after} still matches, so it begins at #{differs}"
    return (
        f"; the checkpoint for event #{after} still matches, so the rewrite begins between "
        f"events #{after + 1} and #{differs}"
    )


def _lost(copies: Sequence[_Copy]) -> list[Finding]:
    """Signed checkpoints that another copy holds but the authority (the file) does not."""
    authority = next((copy for copy in copies if copy.source.authority), None)
    if authority is None:
        return []
    held = {w.checkpoint.signature for w in authority.valid}
    findings = []
    for copy in copies:
        lacking = [w for w in copy.valid if w.checkpoint.signature not in held]
        if copy is authority or not lacking:
            continue
        findings.append(_lost_finding(authority.source, copy.source, lacking))
    return findings


def _lost_finding(
    authority: CheckpointSource, other: CheckpointSource, lacking: list[Witnessed]
) -> Finding:
    seqs = sorted(w.seq for w in lacking)
    times = sorted(w.checkpoint.signed_at for w in lacking)
    signed = when(times[0]) if len(times) == 1 else f"{when(times[0])} to {when(times[-1])}"
    held = (
        f"{other.name} holds {counted(len(lacking), 'signed checkpoint')} for "
        f"{span(seqs[0], seqs[-1])}, signed {signed}"
    )
    if authority.lines is None:
        message = f"{authority.name} is missing (deleted or moved away); {held}"
    else:
        message = (
            f"{authority.name} lacks checkpoints: {held}, which the file does not; lines were "
            "removed from it, or it was replaced"
        )
    return Finding(FindingKind.CHECKPOINTS_LOST, message, None)
