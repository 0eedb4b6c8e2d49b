"""Rotating the content store's master key, with its record in the audit trail."""

from __future__ import annotations

from collections.abc import Callable

from meldpunt.audit.services import Actor, record_event
from meldpunt.core.vault.store import ContentStore, RotationReport


def objects_to_rewrap(store: ContentStore) -> int:
    """How many objects a rotation goes through: the length of its progress."""
    return sum(1 for _ in store.object_ids())


def rotate_content_key(
    store: ContentStore, actor: Actor, progress: Callable[[int], object] | None = None
) -> RotationReport:
    """A new master key, every object key rewrapped with it, unused old keys retired; the
    audit trail records what was done (key ids and object ids only)."""
    report = store.rotate(progress=progress)
    record_event(
        actor,
        "keys.rotated",
        None,
        {
            "new_key_id": report.new_key_id,
            "rewrapped": report.rewrapped,
            "retired": list(report.retired),
            "damaged": list(report.damaged),
        },
    )
    return report
