"""Verifying the audit trail against its signed checkpoints, and saying what was found."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from django.db import connection, transaction

from meldpunt.audit.checkpoints import CheckpointFailed, audit_verify_key, checkpoint_file
from meldpunt.audit.models import AuditCheckpoint, AuditEvent, AuditHead, AuditVerification
from meldpunt.core.audit_chain import AuditEntry, stamp
from meldpunt.core.audit_verification import (
    CheckpointSource,
    Finding,
    FindingKind,
    TrailVerdict,
    counted,
    judge_trail,
    span,
    when,
)

DATABASE_COPY = "the database's copy of the checkpoints"


def verify_trail(witnesses: Sequence[Path] = ()) -> TrailVerdict:
    """Hold the whole chain against every signed checkpoint; record the outcome and return it.

    `witnesses` are copies of checkpoints kept elsewhere (see `meldpunt audit checkpoint`)."""
    # In this order: a checkpoint reaches the database only after the file, and is signed only
    # for a committed head. Reading the copies first, the trail last, no copy can seem to lack
    # a checkpoint the other has, and no checkpoint can be newer than the trail it is held to.
    database = _database_copy()
    authority = _file_copy()
    sources = [authority, database, *(_witness_copy(path) for path in witnesses)]
    verify_key = audit_verify_key()
    with _one_snapshot():
        head = AuditHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first()
        verdict = judge_trail(_entries(), head, sources, verify_key)
    AuditVerification.objects.create(
        intact=verdict.intact,
        checked=verdict.checked,
        broken_seq=verdict.broken_seq,
        problem="\n".join(describe_finding(finding) for finding in verdict.findings),
    )
    return verdict


def describe(verdict: TrailVerdict) -> list[str]:
    """The verdict for people: a summary line, then one line per finding."""
    if verdict.intact:
        return [_intact_summary(verdict)]
    checked = (
        f"{counted(verdict.checked, 'event')} checked against "
        f"{counted(verdict.checkpoints, 'signed checkpoint')}."
    )
    findings = [f"  - {describe_finding(finding)}" for finding in verdict.findings]
    return [f"The audit trail is broken ({counted(len(findings), 'finding')}):", *findings, checked]


def describe_finding(finding: Finding) -> str:
    """One finding; a broken chain link also names the stored event's row."""
    if finding.kind is not FindingKind.CHAIN or finding.seq is None:
        return finding.message
    event = AuditEvent.objects.filter(seq=finding.seq).first()
    if event is None:
        return finding.message
    prefix = f"event #{event.seq}"
    row = (
        f"{prefix} (row id {event.pk}, {event.action} by {event.actor} at "
        f"{stamp(event.occurred_at)})"
    )
    return finding.message.replace(prefix, row, 1)


def _intact_summary(verdict: TrailVerdict) -> str:
    checked = f"The audit trail is intact: {counted(verdict.checked, 'event')} checked"
    latest = verdict.latest
    if latest is None:
        return (
            f"{checked}. No signed checkpoint exists yet (one is signed every hour, or now with "
            "`meldpunt audit checkpoint`), so only the hash chain vouches for them."
        )
    summary = (
        f"{checked} against {counted(verdict.checkpoints, 'signed checkpoint')}; the latest "
        f"vouches for event #{latest.seq} (signed {when(latest.checkpoint.signed_at)})."
    )
    if verdict.last_seq > latest.seq:
        summary += (
            " Until the next checkpoint only the hash chain vouches for "
            f"{span(latest.seq + 1, verdict.last_seq)}."
        )
    return summary


def _file_copy() -> CheckpointSource:
    store = checkpoint_file()
    try:
        lines = store.read_lines()
    except OSError as error:
        raise CheckpointFailed(f"cannot read the checkpoint file {store.path}: {error}") from None
    numbered = None if lines is None else [(f"line {n}", line) for n, line in enumerate(lines, 1)]
    return CheckpointSource(f"the checkpoint file {store.path}", numbered, authority=True)


def _database_copy() -> CheckpointSource:
    rows = AuditCheckpoint.objects.order_by("pk").values_list("pk", "line")
    return CheckpointSource(DATABASE_COPY, [(f"row {pk}", line) for pk, line in rows])


def _witness_copy(path: Path) -> CheckpointSource:
    """A copy kept by a witness: blank lines (as left by mail or an editor) are skipped."""
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise CheckpointFailed(f"cannot read the witness copy {path}: {error}") from None
    lines = [(f"line {n}", line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    return CheckpointSource(f"the witness copy {path}", lines)


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """Reads inside see the database as of one moment, without holding writers up: events
    appended during a long walk must not look like events beyond the head."""
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # Django's atomic() would BEGIN IMMEDIATE here (see settings) and lock out writers for
        # the whole walk; a deferred read transaction in WAL mode is a snapshot that does not.
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
            try:
                yield
            finally:
                cursor.execute("COMMIT")
    else:
        yield


def _entries() -> Iterator[AuditEntry]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        yield AuditEntry(
            event.seq,
            stamp(event.occurred_at),
            event.actor,
            event.action,
            event.subject,
            event.details,
            event.prev_hash,
            event.hash,
        )
