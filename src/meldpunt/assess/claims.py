"""Claiming the next piece of work from the analyst queue, so that no two analysts ever hold
the same content or near-copy group.

The queue's order is its index (cases/queries.py). A claim is a row whose `work` is unique:
that, not the row locks, is what keeps two analysts apart, on SQLite and PostgreSQL alike.
On PostgreSQL the candidates are also locked with SKIP LOCKED, so analysts claiming at the
same moment take different cases instead of queueing behind one another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction

from meldpunt.accounts.models import User
from meldpunt.assess.models import Claim, WorkPolicy
from meldpunt.cases.models import Case
from meldpunt.cases.queries import analyst_queue
from meldpunt.core.cases.timeline import CaseState

CANDIDATES = 8  # cases looked at per round; most claims take the first


@dataclass(frozen=True)
class Work:
    """What a case is assessed as: its near-copy group, else its content, else itself."""

    key: str

    @classmethod
    def of(cls, case: Case) -> Work:
        content = case.content
        if content is not None and content.group_id is not None:
            return cls(f"group:{content.group_id}")
        if case.content_id is not None:
            return cls(f"content:{case.content_id}")
        return cls(f"case:{case.pk}")


def claim_next(analyst: User, now: datetime) -> Claim | None:
    """The analyst's claim: the one they hold, renewed, or the next free case's. None when
    nothing is waiting that someone else does not hold."""
    minutes = policy().claim_minutes
    with transaction.atomic():
        Claim.objects.filter(expires_at__lte=now).delete()
        held = Claim.objects.filter(analyst=analyst).select_related("case").first()
        if held is not None and held.case.state != CaseState.AWAITING_ASSESSMENT.value:
            held.delete()  # settled meanwhile (a list that arrived later, say)
            held = None
        if held is not None:
            held.expires_at = now + timedelta(minutes=minutes)
            held.save(update_fields=["expires_at"])
            return held
        return _claim_free(analyst, now, minutes)


def _claim_free(analyst: User, now: datetime, minutes: int) -> Claim | None:
    while True:
        candidates = _candidates()
        if not candidates:
            return None
        for case in candidates:
            claim = _try(case, analyst, now, minutes)
            if claim is not None:
                return claim
        # every candidate's work was taken meanwhile: the next round leaves those out


def _candidates() -> list[Case]:
    taken = list(Claim.objects.values_list("work", flat=True))
    contents = [int(w.split(":")[1]) for w in taken if w.startswith("content:")]
    groups = [int(w.split(":")[1]) for w in taken if w.startswith("group:")]
    cases = [int(w.split(":")[1]) for w in taken if w.startswith("case:")]
    waiting = (
        analyst_queue()
        .select_related("content")
        .exclude(content__in=contents)
        .exclude(content__group__in=groups)
        .exclude(pk__in=cases)
    )
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True, of=("self",))
    return list(waiting[:CANDIDATES])


def _try(case: Case, analyst: User, now: datetime, minutes: int) -> Claim | None:
    try:
        with transaction.atomic():
            return Claim.objects.create(
                work=Work.of(case).key,
                case=case,
                analyst=analyst,
                claimed_at=now,
                expires_at=now + timedelta(minutes=minutes),
            )
    except IntegrityError:  # another analyst took the same work a moment ago
        return None


def renew(analyst: User, now: datetime) -> Claim | None:
    """Keep the analyst's claim while they work; None if it has lapsed (and may be taken)."""
    minutes = policy().claim_minutes
    with transaction.atomic():
        held = Claim.objects.select_for_update().filter(analyst=analyst).first()
        if held is None or held.expires_at <= now:
            return None
        held.expires_at = now + timedelta(minutes=minutes)
        held.save(update_fields=["expires_at"])
        return held


def release(analyst: User) -> None:
    """Give the analyst's claim back to the queue."""
    Claim.objects.filter(analyst=analyst).delete()


def policy() -> WorkPolicy:
    """The hotline's work policy (its defaults until a manager changes them)."""
    found, _ = WorkPolicy.objects.get_or_create(pk=1)
    return found
