"""Background work on the audit trail: an hourly signed checkpoint and the nightly check."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from meldpunt.audit.checkpoints import witness_head
from meldpunt.audit.verification import describe_finding, verify_trail

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="7"))
def checkpoint_audit_head_hourly() -> int:
    """Sign the trail's head every hour, so no event goes unwitnessed for longer."""
    return witness_head("hourly").seq


@db_periodic_task(crontab(hour="3", minute="17"))
def verify_audit_trail_daily() -> bool:
    """Walk the chain every night; each finding is logged as an error for the operator."""
    verdict = verify_trail()
    for finding in verdict.findings:
        log.error("The audit trail is broken: %s.", describe_finding(finding))
    return verdict.intact
