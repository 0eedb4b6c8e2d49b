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
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from meldpunt.accounts.models import User
from meldpunt.accounts.roles import REVIEW_HELD_WORK
from meldpunt.assess.models import AssessedWork, Claim, ClaimPurpose, WorkPolicy, WorkState
from meldpunt.cases.models import Case
from meldpunt.cases.queries import QUEUE_ORDER
from meldpunt.core.cases.timeline import CaseState

CANDIDATES = 8  # cases looked at per round; most claims take the first


@dataclass(frozen=True)
class Work:
    """What a case is assessed as: its near-copy group, else its content, else itself."""

    key: str

    @classmethod
    def of(cls, case: Case) -> Work:
        group = case.content.group_id if case.content is not None else None
        return cls.named(case.pk, case.content_id, group)

    @classmethod
    def named(cls, case: int, content: int | None, group: int | None) -> Work:
        if group is not None:
            return cls(f"group:{group}")
        if content is not None:
            return cls(f"content:{content}")
        return cls(f"case:{case}")


def claim_next(analyst: User, now: datetime) -> Claim | None:
    """The analyst's claim: the one they hold, renewed, or new. A senior analyst gets held
    work to review first; everyone then the queue of waiting cases, then work that needs an
    independent confirmation they have not given. None when nothing is free."""
    minutes = policy().claim_minutes
    with transaction.atomic():
        claims = list(Claim.objects.select_related("case"))  # a handful: one per analyst
        lapsed = [c.pk for c in claims if c.expires_at <= now]
        if lapsed:
            Claim.objects.filter(pk__in=lapsed, expires_at__lte=now).delete()
        live = [c for c in claims if c.pk not in lapsed]
        held = next((c for c in live if c.analyst_id == analyst.pk), None)
        if held is not None and _still_open(held):
            held.expires_at = now + timedelta(minutes=minutes)
            held.save(update_fields=["expires_at"])
            return held
        if held is not None:
            held.delete()  # settled meanwhile (a list that arrived later, say)
        taken = [c.work for c in live if c is not held]
        hold = Holding(analyst, now, minutes)
        if analyst.has_role(*REVIEW_HELD_WORK):
            claim = _claim_work(hold, ClaimPurpose.REVIEW, _held_for_review(analyst, taken))
            if claim is not None:
                return claim
        return _claim_waiting(hold, taken) or _claim_work(
            hold, ClaimPurpose.CONFIRM, _to_confirm(analyst, taken)
        )


@dataclass(frozen=True)
class Holding:
    """Who claims, when, for how long."""

    analyst: User
    now: datetime
    minutes: int


WANTED = {
    ClaimPurpose.CONFIRM: WorkState.CONFIRMING,
    ClaimPurpose.REVIEW: WorkState.IN_REVIEW,
    ClaimPurpose.CORRECT: WorkState.SETTLED,
}


def _still_open(claim: Claim) -> bool:
    if claim.purpose == ClaimPurpose.ASSESS:
        return claim.case.state == CaseState.AWAITING_ASSESSMENT.value
    wanted = WANTED[ClaimPurpose(claim.purpose)]
    return AssessedWork.objects.filter(work=claim.work, state=wanted).exists()


class CorrectionRefused(Exception):
    """The settled work cannot be taken for correction; the message says why and what to do."""


def claim_for_correction(senior: User, work_id: int, now: datetime) -> Claim:
    """A senior analyst's claim on settled work, to correct its assessment. Refused while they
    hold other work, or while someone else holds this."""
    if not senior.has_role(*REVIEW_HELD_WORK):
        raise CorrectionRefused(_("Only a senior analyst corrects settled work."))
    with transaction.atomic():
        Claim.objects.filter(expires_at__lte=now).delete()
        work = AssessedWork.objects.filter(pk=work_id, state=WorkState.SETTLED).first()
        if work is None:
            raise CorrectionRefused(
                _("This work is not settled (or no longer exists), so there is nothing to correct.")
            )
        held = Claim.objects.filter(analyst=senior).first()
        if held is not None and held.work != work.work:
            raise CorrectionRefused(
                _("You hold other work. Record it or give it back first, then correct this.")
            )
        if held is not None:
            return held
        claim = _try(
            work.work,
            work.case_id,
            Holding(senior, now, policy().claim_minutes),
            ClaimPurpose.CORRECT,
        )
        if claim is None:
            raise CorrectionRefused(
                _("Another analyst holds this work now. Try again when they have finished.")
            )
        return claim


def _claim_waiting(hold: Holding, taken: list[str]) -> Claim | None:
    while True:
        candidates = list(free_cases(taken)[:CANDIDATES])
        if not candidates:
            return None
        for case, content, group in candidates:
            work = Work.named(case, content, group)
            claim = _try(work.key, case, hold, ClaimPurpose.ASSESS)
            if claim is not None:
                return claim
        # every candidate's work was taken meanwhile: look again, leaving those out
        taken = list(Claim.objects.values_list("work", flat=True))


def _claim_work(
    hold: Holding, purpose: ClaimPurpose, works: QuerySet[AssessedWork]
) -> Claim | None:
    for work, case in works.values_list("work", "case")[:CANDIDATES]:
        claim = _try(work, case, hold, purpose)
        if claim is not None:
            return claim
    return None


def _held_for_review(senior: User, taken: list[str]) -> QuerySet[AssessedWork]:
    """Held work a senior did not assess themselves: four eyes are two people."""
    held = AssessedWork.objects.filter(state=WorkState.IN_REVIEW).exclude(work__in=taken)
    return held.exclude(assessments__analyst=senior).order_by("pk")


def _to_confirm(analyst: User, taken: list[str]) -> QuerySet[AssessedWork]:
    confirming = AssessedWork.objects.filter(state=WorkState.CONFIRMING).exclude(work__in=taken)
    return confirming.exclude(assessments__analyst=analyst).order_by("pk")


def free_cases(taken: list[str]) -> QuerySet[Case, tuple[int, int | None, int | None]]:
    """(case, content, group) of the waiting cases whose work is not taken, in queue order;
    locked as they are read, skipping those another claim is locking, where the database can."""
    held = {kind: [int(w.split(":")[1]) for w in taken if w.startswith(kind)] for kind in KINDS}
    waiting = (
        Case.objects.filter(state=CaseState.AWAITING_ASSESSMENT.value)
        .exclude(content__in=held["content:"])
        .exclude(content__group__in=held["group:"])
        .exclude(pk__in=held["case:"])
        .order_by(*QUEUE_ORDER)
        .values_list("pk", "content", "content__group")
    )
    if connection.features.has_select_for_update_skip_locked:
        waiting = waiting.select_for_update(skip_locked=True, of=("self",))
    return waiting


KINDS = ("group:", "content:", "case:")


def _try(work: str, case: int, hold: Holding, purpose: ClaimPurpose) -> Claim | None:
    try:
        with transaction.atomic():
            return Claim.objects.create(
                work=work,
                purpose=purpose.value,
                case_id=case,
                analyst=hold.analyst,
                claimed_at=hold.now,
                expires_at=hold.now + timedelta(minutes=hold.minutes),
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
