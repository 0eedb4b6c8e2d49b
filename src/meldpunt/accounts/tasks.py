"""Nightly: expired sessions (staff sign-ins, the public's last receipt) leave the database."""

import logging
from importlib import import_module

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

log = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="3", minute="41"))
def clear_expired_sessions_nightly() -> None:
    """Django keeps expired session rows until someone removes them; this is that someone."""
    clear_expired_sessions()


def clear_expired_sessions() -> None:
    """Remove every session whose time is up."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    log.info("expired sessions removed")
