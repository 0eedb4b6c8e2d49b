"""The mail backend when no mail server is set up: it says so in the log and sends nothing."""

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class NoMailBackend(BaseEmailBackend):
    """Drops messages loudly; pages that depend on mail check MELDPUNT_SENDS_MAIL first."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        """Log how many messages were not sent (never their text or recipients)."""
        if email_messages:
            logger.warning(
                "no mail server is set up (MELDPUNT_SMTP_HOST): %d message(s) not sent",
                len(email_messages),
            )
        return 0
