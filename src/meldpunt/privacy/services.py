"""Opening a sealed contact: only the privacy officer, always with a reason, always audited."""

from django.db import transaction

from meldpunt.accounts.models import User
from meldpunt.accounts.roles import OPEN_SEALED_CONTACTS
from meldpunt.audit.services import Actor, record_event
from meldpunt.bootstrap import parts
from meldpunt.core.sealing import unseal
from meldpunt.intake.models import Report

MIN_REASON_LENGTH = 10


class UnsealRefused(PermissionError):
    """This person may not open contacts, or gave no reason."""


def open_contact(report: Report, user: User, reason: str, private_key: bytes | None = None) -> str:
    """Record the opening first, then return the reporter's contact address."""
    if not user.has_role(*OPEN_SEALED_CONTACTS):
        raise UnsealRefused("only the privacy officer may open reporter contacts")
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise UnsealRefused("give the reason for opening this contact")
    if not report.sealed_contact:
        raise ValueError("this report has no contact address")
    with transaction.atomic():
        record_event(Actor.staff(user), "contact.unsealed", report, {"reason": reason.strip()})
    key = private_key or parts().contact_private_key()
    return unseal(key, bytes(report.sealed_contact))
