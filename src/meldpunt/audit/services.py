"""Appending to the audit trail; only IDs and hashes, never content."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from meldpunt.audit.checkpoints import witness_when_committed
from meldpunt.audit.models import AuditEvent, AuditHead
from meldpunt.audit.witnessed import is_witnessed
from meldpunt.bulk_insert import insert_rows
from meldpunt.core.audit_chain import GENESIS_HASH, entry_hash, stamp


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
    """'app.model:pk' for a model instance, '' for none; a proxy is named by its concrete model,
    so one row has one subject however it was edited."""
    if instance is None:
        return ""
    concrete = instance._meta.concrete_model or type(instance)
    return f"{concrete._meta.label_lower}:{instance.pk}"


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
    lock on the chain's head and one insert, however many events. If any of them is
    privacy-relevant (see witnessed.py), the head is signed as soon as they commit."""
    if not events:
        return []
    # Inside a caller's transaction no savepoint: a failure here fails the caller's whole
    # transaction anyway, and the two extra round trips are on every pipeline commit.
    with transaction.atomic(savepoint=False):
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH}
        )
        rows = _chained(actor, events, head.last_seq, head.last_hash)
        created = _inserted(rows)
        head.last_seq, head.last_hash = rows[-1].seq, rows[-1].hash
        head.save(update_fields=["last_seq", "last_hash"])
        witnessed = next((action for action, _, _ in events if is_witnessed(action)), None)
        if witnessed:
            witness_when_committed(witnessed)
    return created


def _inserted(rows: list[AuditEvent]) -> list[AuditEvent]:
    """The rows inserted in bulk statements (one on PostgreSQL), each given its id."""
    fields = ("seq", "occurred_at", "actor", "action", "subject", "details", "prev_hash", "hash")
    ids = insert_rows(
        AuditEvent, [{name: getattr(row, name) for name in fields} for row in rows], key="seq"
    )
    for row in rows:
        row.pk = ids[row.seq]
        row._state.adding = False
    return rows


def _chained(
    actor: Actor,
    events: Sequence[tuple[str, models.Model | None, dict[str, Any]]],
    seq: int,
    last_hash: str,
) -> list[AuditEvent]:
    """The events as rows, numbered on from `seq`, each hashed over the one before."""
    occurred_at = timezone.now()
    moment, rows = stamp(occurred_at), []
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
    return rows
