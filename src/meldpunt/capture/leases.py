"""Who may work on a capture: a lease with a token, and state changes that check it.

A worker claims a capture by writing a fresh token and an expiry in one conditional UPDATE;
every later change is conditional on that token. A worker that dies simply lets its lease
expire, and the reconciler hands the capture to another worker, which resumes from the last
state that was committed. Two workers can never both write the same capture.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Case, F, Field, Q, QuerySet, Value, When
from django.utils import timezone

from meldpunt.capture.models import Capture
from meldpunt.capture.rows import update_from_values
from meldpunt.capture.states import ACTIVE, FAILED, FINAL, CaptureState
from meldpunt.capture.transactions import step_transaction

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
STARTS_FETCH = (CaptureState.QUEUED, CaptureState.FAILED_RETRYABLE, CaptureState.FETCHING)


class LeaseLost(Exception):
    """Another worker holds this capture now; stop without writing."""


def lease_length() -> timedelta:
    """How long a claim lasts before the reconciler may give the capture to someone else."""
    return timedelta(seconds=settings.MELDPUNT_CAPTURE_LEASE_SECONDS)


# The lease tokens this process holds, so that a process stopping with work still running can
# give those captures back itself instead of leaving them leased until their leases run out.
_held_here: set[str] = set()
_held_lock = threading.Lock()


def _hold(token: str) -> str:
    with _held_lock:
        _held_here.add(token)
    return token


def tokens_of(captures: Sequence[Capture]) -> frozenset[str]:
    """The lease tokens these claimed captures were taken with."""
    return frozenset(c.lease_token for c in captures if c.lease_token)


def let_go(tokens: frozenset[str]) -> None:
    """This process no longer works under these tokens (their leases are released or gone)."""
    with _held_lock:
        _held_here.difference_update(tokens)


def claim(capture_ids: Sequence[int]) -> list[Capture]:
    """Take those of the captures that are active, unleased (or their lease ran out) and due.

    One conditional UPDATE takes the lease on all of them with one token and, where a capture
    starts (again) from the fetch, moves it to FETCHING and counts the attempt; one SELECT
    reads back what was taken. A capture held by another worker, or already final, is skipped.
    """
    now, token = timezone.now(), _hold(secrets.token_hex(16))
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    starts = Q(state__in=STARTS_FETCH)
    claimed = Capture.objects.filter(free & due, pk__in=capture_ids, state__in=ACTIVE).update(
        lease_until=now + lease_length(),
        lease_token=token,
        updated_at=now,
        state=_when_starting(starts, Value(CaptureState.FETCHING.value), "state"),
        attempts=_when_starting(starts, F("attempts") + 1, "attempts"),
        next_attempt_at=_when_starting(starts, Value(None), "next_attempt_at"),
    )
    if not claimed:
        return []
    return list(Capture.objects.select_related("item").filter(lease_token=token).order_by("pk"))


def claim_concluded(capture_ids: Sequence[int], state: CaptureState) -> list[Capture]:
    """Take those of the captures that rest in a final state (`state`) and nobody holds, to
    conclude them again (their state changes only by a later move)."""
    now, token = timezone.now(), _hold(secrets.token_hex(16))
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    claimed = Capture.objects.filter(free, pk__in=capture_ids, state=state).update(
        lease_until=now + lease_length(), lease_token=token, updated_at=now
    )
    if not claimed:
        return []
    return list(Capture.objects.select_related("item").filter(lease_token=token).order_by("pk"))


def _when_starting(starts: Q, value: Any, name: str) -> Case:
    field = Capture._meta.get_field(name)
    assert isinstance(field, Field)  # a column of the captures table, not a reverse relation
    return Case(When(starts, then=value), default=F(name), output_field=field)


@dataclass(frozen=True)
class Move:
    """One capture's change: its next state and the fields that go with it."""

    capture: Capture
    state: CaptureState
    fields: dict[str, Any] = field(default_factory=dict)


def move(capture: Capture, state: CaptureState, **fields: Any) -> None:
    """Change one capture's state (and fields); see move_all."""
    move_all([Move(capture, state, fields)])


def move_all(moves: Sequence[Move]) -> None:
    """Change states (and fields) only while we still hold the leases, and extend them; a move
    to a final state or to a retry also gives the lease back.

    Captures claimed together share a token and change in one UPDATE; if any lease was lost,
    nothing changes and LeaseLost names the captures. The in-memory captures follow once the
    enclosing transaction has committed, so a rollback never leaves them ahead of the database.
    """
    if not moves:
        return
    now = timezone.now()
    changes = [
        (m, {"state": m.state, "updated_at": now, **_lease(m.state, now), **m.fields})
        for m in moves
    ]
    with step_transaction():
        if _one_update_fits(moves, changes):
            changed = _update_together(moves[0].capture.lease_token, changes)
        else:
            changed = sum(
                Capture.objects.filter(pk=m.capture.pk, lease_token=m.capture.lease_token).update(
                    **values
                )
                for m, values in changes
            )
        if changed != len(moves):
            raise LeaseLost(*[m.capture.pk for m in moves])
        transaction.on_commit(lambda: _follow(changes))


def _lease(state: CaptureState, now: datetime) -> dict[str, Any]:
    if state in FINAL or state is CaptureState.FAILED_RETRYABLE:
        return {"lease_until": None, "lease_token": ""}
    return {"lease_until": now + lease_length()}


def _one_update_fits(moves: Sequence[Move], changes: list[tuple[Move, dict[str, Any]]]) -> bool:
    """Several captures under one token, changing the same fields to plain values."""
    if len(moves) < 2 or len({m.capture.lease_token for m in moves}) != 1:
        return False
    names = set(changes[0][1])
    return all(
        set(values) == names and not any(hasattr(v, "resolve_expression") for v in values.values())
        for _, values in changes
    )


def _update_together(token: str, changes: list[tuple[Move, dict[str, Any]]]) -> int:
    return update_from_values(
        Capture, [(m.capture.pk, values) for m, values in changes], {"lease_token": token}
    )


def _follow(changes: list[tuple[Move, dict[str, Any]]]) -> None:
    for m, values in changes:
        for name, value in values.items():
            if not hasattr(value, "resolve_expression"):
                setattr(m.capture, name, value)


class Heartbeat:
    """Keeps the leases of captures worked on together from running out during long work:
    called between pieces of work, it extends them once a third of a lease has passed."""

    def __init__(self, captures: Sequence[Capture]) -> None:
        self.captures, self.last = captures, time.monotonic()

    def __call__(self) -> None:
        if time.monotonic() - self.last < lease_length().total_seconds() / 3:
            return
        self.last = time.monotonic()
        held = [c for c in self.captures if c.lease_token]
        tokens = {c.lease_token for c in held}
        try:
            Capture.objects.filter(
                pk__in=[c.pk for c in held], lease_token__in=tokens, state__in=ACTIVE
            ).update(lease_until=timezone.now() + lease_length())
        except DatabaseError:  # a lease that runs out shows at the next commit (LeaseLost)
            log.warning("could not extend the leases of %d captures", len(held))


def release(capture: Capture) -> None:
    """Give the lease back if still held (a step cut short by an error or a lost lease)."""
    if not capture.lease_token:
        return
    Capture.objects.filter(pk=capture.pk, lease_token=capture.lease_token).update(
        lease_until=None, lease_token=""
    )


def give_back(captures: Sequence[Capture]) -> int:
    """The process is stopping: hand the captures back as they stand, due at once for the next
    worker (or this one after a restart). An attempt cut short before its fetch was committed
    is not counted: the stop says nothing about the URL."""
    held = [c for c in captures if c.lease_token]
    if not held:
        return 0
    tokens = {c.lease_token for c in held}
    return _give_back(Capture.objects.filter(pk__in=[c.pk for c in held], lease_token__in=tokens))


def give_back_everything_held() -> int:
    """The process stops with work still running: give back every capture it holds."""
    with _held_lock:
        tokens = set(_held_here)
        _held_here.clear()
    if not tokens:
        return 0
    return _give_back(Capture.objects.filter(lease_token__in=tokens))


def _give_back(ours: QuerySet[Capture]) -> int:
    due = timezone.now() - timedelta(seconds=settings.MELDPUNT_CAPTURE_RECONCILE_AFTER_SECONDS)
    uncounted = Case(
        When(state=CaptureState.FETCHING, attempts__gt=0, then=F("attempts") - 1),
        default=F("attempts"),
        output_field=Capture._meta.get_field("attempts"),
    )
    return ours.update(lease_until=None, lease_token="", updated_at=due, attempts=uncounted)


def retry_later(capture: Capture, error: str) -> CaptureState:
    """Back off exponentially; after MAX_ATTEMPTS the failure is final."""
    if capture.attempts >= MAX_ATTEMPTS:
        move(capture, CaptureState.FAILED_FINAL, error=error[:300])
        return CaptureState.FAILED_FINAL
    wait = min(LONGEST_RETRY, FIRST_RETRY * 4 ** (capture.attempts - 1))
    move(
        capture,
        CaptureState.FAILED_RETRYABLE,
        error=error[:300],
        next_attempt_at=timezone.now() + wait,
    )
    return CaptureState.FAILED_RETRYABLE


def requeue(capture_ids: Sequence[int]) -> list[Capture]:
    """Failed captures back to QUEUED with no attempts counted: a fresh start, not the next
    try of the back-off. Only failed captures nobody holds change (a retryable one a worker
    has just claimed is not failed any more); they are returned as they were before.

    The rows are locked while read, so that no worker claims one between the read and the
    update; the update checks the state again all the same.
    """
    with transaction.atomic():
        failed = list(
            Capture.objects.select_for_update(of=("self",))
            .select_related("item")
            .filter(pk__in=capture_ids, state__in=FAILED, lease_token="")
            .order_by("pk")
        )
        Capture.objects.filter(
            pk__in=[c.pk for c in failed], state__in=FAILED, lease_token=""
        ).update(
            state=CaptureState.QUEUED,
            attempts=0,
            next_attempt_at=None,
            error="",
            lease_until=None,
            updated_at=timezone.now(),
        )
    return failed


def stalled(limit: int | None) -> list[int]:
    """Active captures nobody holds that are due, oldest first: a dead worker's, or a lost
    job's (at most `limit`, or all)."""
    now = timezone.now()
    quiet = now - timedelta(seconds=settings.MELDPUNT_CAPTURE_RECONCILE_AFTER_SECONDS)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return list(
        Capture.objects.filter(free & due, state__in=ACTIVE, updated_at__lt=quiet)
        .order_by("updated_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
