"""An analyst rejects a list match that looks wrong; a senior confirms it (never their own:
four eyes) and the entry is excluded from its list, or declines it and nothing changes.

The reason is the analyst's word to the senior: stored, shown to seniors, never logged or
audited (the audit trail names ids only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldpunt.accounts.models import User
from meldpunt.assess.reopening import Reconsidered, match_again_without
from meldpunt.audit.services import Actor, record_event
from meldpunt.bootstrap import Parts
from meldpunt.capture.models import MatchRecord
from meldpunt.cases.models import Case
from meldpunt.core.cases.timeline import CaseState
from meldpunt.lists.models import MatchRejection, RejectionState
from meldpunt.lists.services import exclude_entry

REASON_LIMIT = 500


class RejectionRefused(Exception):
    """This rejection cannot be made or decided; the message says why, for the page."""


@dataclass(frozen=True)
class Confirmed:
    """A confirmed rejection and what became of the cases its entry settled."""

    rejection: MatchRejection
    cases: Reconsidered


def reject_match(analyst: User, match_id: int, reason: str) -> MatchRejection:
    """Ask a senior to exclude the entry behind a standing match of a settled case."""
    reason = reason.strip()
    if not reason:
        raise RejectionRefused(_("Say why the match looks wrong."))
    if len(reason) > REASON_LIMIT:
        raise RejectionRefused(_("Keep the reason to 500 characters."))
    match = MatchRecord.objects.select_related("capture").filter(pk=match_id).first()
    if match is None or match.outcome != "stands":
        raise RejectionRefused(_("This match cannot be rejected: it does not settle a case."))
    entry_id, list_id, content_id = match.entry_id, match.hash_list_id, match.capture.content_id
    if entry_id is None or list_id is None:
        raise RejectionRefused(_("This match cannot be rejected: its list entry is gone."))
    case = Case.objects.filter(
        capture=match.capture_id, state=CaseState.SETTLED_BY_MATCH.value
    ).first()
    if case is None or content_id is None:
        raise RejectionRefused(_("This case is no longer settled by its match."))
    try:
        with transaction.atomic():
            rejection = MatchRejection.objects.create(
                case=case,
                hash_list_id=list_id,
                entry_id=entry_id,
                content_id=content_id,
                requested_by=analyst,
                reason=reason,
            )
            details = {
                "rejection": rejection.pk,
                "case": case.pk,
                "match": match.pk,
                "list": list_id,
                "entry": entry_id,
                "content": content_id,
            }
            record_event(Actor.staff(analyst), "match.rejected", rejection, details)
    except IntegrityError:
        raise RejectionRefused(
            _("This match has been rejected already; a senior analyst will decide.")
        ) from None
    return rejection


def confirm_rejection(senior: User, rejection_id: int, parts: Parts) -> Confirmed:
    """Exclude the entry from its list (not for the senior's own rejection), then match the
    cases it settled again without it."""
    with transaction.atomic():
        rejection = _pending(rejection_id)
        if rejection.requested_by_id == senior.pk:
            raise RejectionRefused(
                _("You rejected this match yourself; another senior analyst must confirm it.")
            )
        _decide(rejection, senior, RejectionState.CONFIRMED)
        revision = exclude_entry(rejection.entry, rejection, Actor.staff(senior))
    known = parts.known.known_content(at_least=revision)
    cases = match_again_without(
        rejection.entry_id, rejection.pk, known, parts.hotline, Actor.staff(senior)
    )
    return Confirmed(rejection, cases)


def decline_rejection(senior: User, rejection_id: int) -> MatchRejection:
    """The match stands: recorded and audited, nothing else changes."""
    with transaction.atomic():
        rejection = _pending(rejection_id)
        _decide(rejection, senior, RejectionState.DECLINED)
    return rejection


def _pending(rejection_id: int) -> MatchRejection:
    rejection = (
        MatchRejection.objects.select_for_update()
        .select_related("entry__hash_list")
        .filter(pk=rejection_id)
        .first()
    )
    if rejection is None or rejection.state != RejectionState.PENDING:
        raise RejectionRefused(_("This rejection has been decided already."))
    return rejection


def _decide(rejection: MatchRejection, senior: User, state: RejectionState) -> None:
    rejection.state, rejection.decided_by, rejection.decided_at = state, senior, timezone.now()
    rejection.save(update_fields=["state", "decided_by", "decided_at"])
    details = {"rejection": rejection.pk, "entry": rejection.entry_id, "case": rejection.case_id}
    record_event(Actor.staff(senior), f"match.rejection_{state.value}", rejection, details)
