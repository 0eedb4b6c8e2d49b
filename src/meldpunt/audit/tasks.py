"""Background checks of the audit trail."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from meldpunt.audit.services import describe_break, verify_trail

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="3", minute="17"))
def verify_audit_trail_daily() -> bool:
    """Walk the chain every night; a break is logged as an error for the operator."""
    check = verify_trail()
    if not check.intact:
        log.error(describe_break(check))
    return check.intact
