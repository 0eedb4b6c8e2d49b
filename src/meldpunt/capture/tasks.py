"""Background jobs: captures (several to a job), matching captures again after a hash-list
import, a reconciler every minute, content housekeeping nightly. Each takes its parts from the
composition root and passes them down."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from meldpunt.bootstrap import parts
from meldpunt.capture import rematching
from meldpunt.capture.pipeline import run_captures
from meldpunt.capture.services import (
    delete_expired_content,
    reconcile,
    sweep_orphaned_content,
    warm_up,
)

log = logging.getLogger(__name__)


@on_startup()
def warm_up_for_captures() -> None:
    """Each job worker, as it starts: load what the first capture would otherwise wait for."""
    warm_up(parts().known)


@db_task()
def capture_items(capture_ids: list[int]) -> None:
    """Run these captures together; a duplicate or late job finds them taken or done and
    does nothing."""
    run_captures(capture_ids, parts())


@db_task()
def match_new_entries(list_id: int, entry_ids: tuple[int, int], revision: int) -> None:
    """After a list import: settle the captures awaiting assessment that its new entries
    (ids from entry_ids[0] to entry_ids[1]) show to be known material."""
    rematching.match_new_entries(list_id, entry_ids, revision, parts())


@db_task()
def match_again(capture_ids: list[int], revision: int) -> None:
    """Captures concluded with an index older than the lists at commit: match them again."""
    rematching.settle_if_known(capture_ids, revision, parts())


@db_periodic_task(crontab(minute="*"))
def reconcile_captures() -> None:
    """Re-queue captures whose worker died or whose job was lost."""
    count = reconcile(parts().jobs)
    if count:
        log.info("re-queued %d stalled captures", count)


@db_periodic_task(crontab(hour="4", minute="7"))
def delete_expired_content_nightly() -> None:
    """Apply the content retention period, then remove orphaned objects."""
    wired = parts()
    expired = delete_expired_content(wired.content_store, wired.clock)
    orphans = sweep_orphaned_content(wired.content_store, wired.clock)
    log.info("content housekeeping: %d expired captures, %d orphaned objects", expired, orphans)
