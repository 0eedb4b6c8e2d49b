"""Appending to the audit trail and verifying it; only IDs and hashes, never content."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from meldpunt.audit.models import AuditEvent, AuditHead, AuditVerification
from meldpunt.core.audit_chain import (
    GENESIS_HASH,
    AuditEntry,
    ChainCheck,
    entry_hash,
    verify_chain,
)


@dataclass(frozen=True)
class Actor:
    """Who acted: a staff member, a partner, the public, or the system itself."""

    label: str

    @classmethod
    def staff(cls, user: Any) -> Actor:
        """A signed-in staff member, by ID."""
        return cls(f"staff:{user.pk}")

    @classmethod
    def partner(cls, partner: Any) -> Actor:
        """A partner calling the API, by ID."""
        return cls(f"partner:{partner.pk}")

    @classmethod
    def public(cls) -> Actor:
        """An anonymous reporter; nothing about them is kept."""
        return cls("public")

    @classmethod
    def anonymous(cls) -> Actor:
        """Someone not signed in (e.g. a failed login)."""
        return cls("anonymous")

    @classmethod
    def system(cls) -> Actor:
        """Meldpunt itself, or an operator at the command line."""
        return cls("system")


def subject_of(instance: models.Model | None) -> str:
    """'app.model:pk' for a model instance, '' for none."""
    if instance is None:
        return ""
    return f"{instance._meta.label_lower}:{instance.pk}"


def stamp(moment: datetime) -> str:
    """The one text form of a time that goes into the hash."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_event(
    actor: Actor, action: str, subject: models.Model | None, details: dict[str, Any]
) -> AuditEvent:
    """Append one event inside the caller's transaction (or its own)."""
    [event] = record_events(actor, [(action, subject, details)])
    return event


def record_events(
    actor: Actor, events: Sequence[tuple[str, models.Model | None, dict[str, Any]]]
) -> list[AuditEvent]:
    """Append events in the given order inside the caller's transaction (or its own): one
    lock on the chain's head and one insert, however many events."""
    if not events:
        return []
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
        )
        occurred_at = timezone.now()
        moment, rows = stamp(occurred_at), []
        seq, last_hash = head.last_seq, head.last_hash
        for action, subject, details in events:
            seq, target = seq + 1, subject_of(subject)
            digest = entry_hash(last_hash, seq, moment, actor.label, action, target, details)
            rows.append(
                AuditEvent(
                    seq=seq,
                    occurred_at=occurred_at,
                    actor=actor.label,
                    action=action,
                    subject=target,
                    details=details,
                    prev_hash=last_hash,
                    hash=digest,
                )
            )
            last_hash = digest
        created = AuditEvent.objects.bulk_create(rows)
        head.last_seq, head.last_hash = seq, last_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return created


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


def verify_trail() -> ChainCheck:
    """Walk the whole chain, record the outcome, and return it."""
    head = AuditHead.objects.filter(pk=1).first()
    expected = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    check = verify_chain(_entries(), head=expected)
    AuditVerification.objects.create(
        intact=check.intact,
        checked=check.checked,
        broken_seq=check.broken_seq,
        problem=check.problem[:200],
    )
    return check


def describe_break(check: ChainCheck) -> str:
    """One sentence naming the first broken event, for people."""
    event = AuditEvent.objects.filter(seq=check.broken_seq).first()
    if event is None:
        return f"The audit trail is broken at event #{check.broken_seq}: {check.problem}."
    return (
        f"The audit trail is broken at event #{event.seq} (row id {event.pk}, "
        f"{event.action} by {event.actor} at {stamp(event.occurred_at)}): {check.problem}."
    )
