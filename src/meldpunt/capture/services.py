"""Queueing captures and the periodic housekeeping around them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from meldpunt.bulk_insert import insert_rows
from meldpunt.capture.leases import stalled
from meldpunt.capture.models import Capture, Purpose
from meldpunt.capture.states import CaptureState
from meldpunt.core.ports import Clock, JobQueue, Store

if TYPE_CHECKING:
    from meldpunt.lists.index import KnownContentIndex

log = logging.getLogger(__name__)


class _Outbox(threading.local):
    """Captures created in this thread whose jobs are not sent yet."""

    def __init__(self) -> None:
        self.capture_ids: list[int] = []


_outbox = _Outbox()
OUTBOX_CHECK = 5000  # ids per query when sending: well inside every database's limit


def queue_captures(item_ids: Sequence[int], purpose: Purpose = Purpose.FIRST) -> list[int]:
    """Create the items' captures in one insert; their jobs are sent when the transaction
    commits. Returns the captures' ids, in the items' order.

    Captures created in one transaction (a report of several addresses, an import, a page's
    media) go out together, several to a job (MELDPUNT_CAPTURE_BATCH): the first commit hook
    to run sends them all. Ids left behind by a rolled-back transaction are dropped then.
    """
    if not item_ids:
        return []
    rows = [{"item": pk, "purpose": purpose.value} for pk in item_ids]
    created = insert_rows(Capture, rows, key="item")
    ids = [created[pk] for pk in item_ids]
    send_when_committed(ids)
    return ids


def send_when_committed(capture_ids: Sequence[int]) -> None:
    """Send these queued captures' jobs once the transaction commits, with any others this
    transaction queued."""
    _outbox.capture_ids.extend(capture_ids)
    transaction.on_commit(_send_outbox)


def _send_outbox() -> None:
    # A commit hook, not an entry point: it sends through the job queue wired in now.
    from meldpunt.bootstrap import parts

    waiting, _outbox.capture_ids = _outbox.capture_ids, []
    for start in range(0, len(waiting), OUTBOX_CHECK):  # a rolled-back transaction's are gone
        part = waiting[start : start + OUTBOX_CHECK]
        queued = Capture.objects.filter(pk__in=part, state=CaptureState.QUEUED)
        enqueue(sorted(queued.values_list("pk", flat=True)), parts().jobs)


def enqueue(capture_ids: Sequence[int], jobs: JobQueue) -> None:
    """Hand captures to the job queue, MELDPUNT_CAPTURE_BATCH to a job."""
    size = settings.MELDPUNT_CAPTURE_BATCH
    for start in range(0, len(capture_ids), size):
        jobs.capture(list(capture_ids[start : start + size]))


def match_again_later(capture_ids: Sequence[int], revision: int, jobs: JobQueue) -> None:
    """Once this transaction commits, match these captures awaiting assessment again against
    the lists as they are at `revision` or later (see rematching)."""
    ids = list(capture_ids)
    transaction.on_commit(lambda: jobs.match_again(ids, revision))


STALLED_PAGE = 500  # captures re-queued per run while jobs are still waiting in the queue


def reconcile(jobs: JobQueue) -> int:
    """Re-queue active captures nobody is working on; returns how many.

    While jobs are waiting in the queue, a quiet capture may just be waiting its turn behind
    them, so only the STALLED_PAGE oldest are re-queued (a duplicate job finds its captures
    taken or done, and does nothing). When the queue is empty, no job is coming for any of them
    (the queue was lost, or its worker died), so all of them are re-queued at once.
    """
    found = stalled(STALLED_PAGE if jobs.pending_count() else None)
    enqueue(found, jobs)
    return len(found)


def warm_up(index: KnownContentIndex) -> None:
    """Start this thread's decoder child and index the hash lists before any job arrives,
    so a worker's first captures are as quick as the rest."""
    from django.db import close_old_connections

    from meldpunt.core.hashing.isolation import prepare_decoder

    prepare_decoder()
    try:
        known = index.known_content()
    finally:
        close_old_connections()
    log.info("ready for captures: decoder started, %d hash-list entries indexed", len(known))


def delete_expired_content(store: Store, clock: Clock) -> int:
    """Delete stored content (and previews) past the retention period; hashes and facts stay.
    An object a later capture (a re-check of unchanged bytes) still shares is kept for it.
    Returns how many captures lost their content."""
    cutoff = clock.now() - timedelta(days=settings.MELDPUNT_CONTENT_RETENTION_DAYS)
    deleted = 0
    expired = Capture.objects.filter(
        fetched_at__lt=cutoff, content_deleted_at__isnull=True
    ).exclude(content_object="")
    for capture in expired.iterator(chunk_size=500):
        for object_id in (capture.content_object, capture.thumbnail_object):
            if object_id and not _still_shared(object_id, cutoff):
                store.delete(object_id)
        Capture.objects.filter(pk=capture.pk).update(
            content_object="", thumbnail_object="", content_deleted_at=clock.now()
        )
        deleted += 1
    return deleted


def _still_shared(object_id: str, cutoff: datetime) -> bool:
    newer = Capture.objects.filter(fetched_at__gte=cutoff, content_deleted_at__isnull=True)
    return newer.filter(Q(content_object=object_id) | Q(thumbnail_object=object_id)).exists()


ORPHAN_GRACE = timedelta(hours=6)  # far longer than any put-then-commit takes


def sweep_orphaned_content(store: Store, clock: Clock) -> int:
    """Delete stored objects no capture refers to: left by a worker killed between writing
    content and committing its step. Only objects older than ORPHAN_GRACE are considered,
    so a step still in flight is never robbed. Returns how many objects were removed."""
    removed = 0
    cutoff = (clock.now() - ORPHAN_GRACE).timestamp()
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
