"""Queueing captures and the periodic housekeeping around them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meldpunt.capture import wiring
from meldpunt.capture.leases import stalled
from meldpunt.capture.models import Capture
from meldpunt.intake.models import Item


def queue_capture(item: Item) -> Capture:
    """Create the item's capture (once) and start its job when the transaction commits."""
    capture, created = Capture.objects.get_or_create(item=item)
    if created:
        transaction.on_commit(lambda: enqueue(capture.pk))
    return capture


def enqueue(capture_id: int) -> None:
    """Hand a capture to the job engine."""
    from meldpunt.capture.tasks import capture_item

    capture_item(capture_id)


def reconcile() -> int:
    """Re-queue every active capture nobody is working on; returns how many."""
    found = stalled()
    for capture_id in found:
        enqueue(capture_id)
    return len(found)


def delete_expired_content() -> int:
    """Delete stored content (and previews) past the retention period; hashes and facts stay."""
    cutoff = timezone.now() - timedelta(days=settings.MELDPUNT_CONTENT_RETENTION_DAYS)
    store, deleted = wiring.content_store(), 0
    expired = Capture.objects.filter(
        fetched_at__lt=cutoff, content_deleted_at__isnull=True
    ).exclude(content_object="")
    for capture in expired.iterator(chunk_size=500):
        for object_id in (capture.content_object, capture.thumbnail_object):
            if object_id:
                store.delete(object_id)
        Capture.objects.filter(pk=capture.pk).update(
            content_object="", thumbnail_object="", content_deleted_at=timezone.now()
        )
        deleted += 1
    return deleted


ORPHAN_GRACE = timedelta(hours=6)  # far longer than any put-then-commit takes


def sweep_orphaned_content() -> int:
    """Delete stored objects no capture refers to: left by a worker killed between writing
    content and committing its step. Only objects older than ORPHAN_GRACE are considered,
    so a step still in flight is never robbed. Returns how many objects were removed."""
    store, removed = wiring.content_store(), 0
    cutoff = (timezone.now() - ORPHAN_GRACE).timestamp()
    for candidates in store.stored_before(cutoff):
        named = set(
            Capture.objects.filter(content_object__in=candidates).values_list(
                "content_object", flat=True
            )
        ) | set(
            Capture.objects.filter(thumbnail_object__in=candidates).values_list(
                "thumbnail_object", flat=True
            )
        )
        for object_id in candidates:
            if object_id not in named:
                removed += store.delete(object_id, force=True)
    return removed
