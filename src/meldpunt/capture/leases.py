"""Who may work on a capture: a lease with a token, and state changes that check it.

A worker claims a capture by writing a fresh token and an expiry in one conditional UPDATE;
every later change is conditional on that token. A worker that dies simply lets its lease
expire, and the reconciler hands the capture to another worker, which resumes from the last
state that was committed. Two workers can never both write the same capture.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from meldpunt.capture.models import Capture
from meldpunt.capture.states import ACTIVE, FINAL, CaptureState
from meldpunt.capture.transactions import step_transaction

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
STARTS_FETCH = (CaptureState.QUEUED, CaptureState.FAILED_RETRYABLE, CaptureState.FETCHING)


class LeaseLost(Exception):
    """Another worker holds this capture now; stop without writing."""


def lease_length() -> timedelta:
    """How long a claim lasts before the reconciler may give the capture to someone else."""
    return timedelta(seconds=settings.MELDPUNT_CAPTURE_LEASE_SECONDS)


def claim(capture_id: int) -> Capture | None:
    """Take the capture if it is active, unleased (or its lease ran out) and due.

    One conditional UPDATE takes the lease and, where the capture starts (again) from the
    fetch, moves it to FETCHING and counts the attempt.
    """
    now, token = timezone.now(), secrets.token_hex(16)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    starts = Q(state__in=STARTS_FETCH)
    claimed = Capture.objects.filter(free & due, pk=capture_id, state__in=ACTIVE).update(
        lease_until=now + lease_length(),
        lease_token=token,
        updated_at=now,
        state=_when_starting(starts, Value(CaptureState.FETCHING.value), "state"),
        attempts=_when_starting(starts, F("attempts") + 1, "attempts"),
        next_attempt_at=_when_starting(starts, Value(None), "next_attempt_at"),
    )
    if not claimed:
        return None
    return Capture.objects.select_related("item").get(pk=capture_id)


def _when_starting(starts: Q, value: Any, name: str) -> Case:
    field = Capture._meta.get_field(name)
    return Case(When(starts, then=value), default=F(name), output_field=field)


def move(capture: Capture, state: CaptureState, **fields: Any) -> None:
    """Change state (and fields) only while we still hold the lease, and extend the lease;
    a move to a final state or to a retry also gives the lease back."""
    now = timezone.now()
    ends = state in FINAL or state is CaptureState.FAILED_RETRYABLE
    lease = (
        {"lease_until": None, "lease_token": ""} if ends else {"lease_until": now + lease_length()}
    )
    with step_transaction():
        changed = Capture.objects.filter(pk=capture.pk, lease_token=capture.lease_token).update(
            state=state, updated_at=now, **lease, **fields
        )
    if not changed:
        raise LeaseLost(capture.pk)
    capture.state = state
    for name, value in {**lease, **fields}.items():
        if not hasattr(value, "resolve_expression"):
            setattr(capture, name, value)


def release(capture: Capture) -> None:
    """Give the lease back if still held (a step cut short by an error or a lost lease)."""
    if not capture.lease_token:
        return
    Capture.objects.filter(pk=capture.pk, lease_token=capture.lease_token).update(
        lease_until=None, lease_token=""
    )


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


def stalled(limit: int = 500) -> list[int]:
    """Active captures nobody holds that are due: a dead worker's, or a lost job's."""
    now = timezone.now()
    quiet = now - timedelta(seconds=settings.MELDPUNT_CAPTURE_RECONCILE_AFTER_SECONDS)
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return list(
        Capture.objects.filter(free & due, state__in=ACTIVE, updated_at__lt=quiet)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:limit]
    )
