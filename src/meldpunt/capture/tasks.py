"""Background jobs: one per capture, a reconciler every minute, retention every night."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from meldpunt.capture.pipeline import run_capture
from meldpunt.capture.services import delete_expired_content, reconcile

log = logging.getLogger(__name__)


@db_task()
def capture_item(capture_id: int) -> str | None:
    """Run one capture; a duplicate or late job finds it taken or done and does nothing."""
    return run_capture(capture_id)


@db_periodic_task(crontab(minute="*"))
def reconcile_captures() -> int:
    """Re-queue captures whose worker died or whose job was lost."""
    count = reconcile()
    if count:
        log.info("re-queued %d stalled captures", count)
    return count


@db_periodic_task(crontab(hour="4", minute="7"))
def delete_expired_content_nightly() -> int:
    """Apply the content retention period."""
    return delete_expired_content()
