"""Fresh attempts at failed captures: when their item is reported again, or when staff ask.

A failure is not for ever: a host that was down, a page that was taken offline for a while, or
a fetcher setting that was wrong can all come right. Each retry goes through the lease rules
(leases.requeue) and is audited with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import timedelta
from enum import StrEnum

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from meldpunt.audit.services import Actor, record_events
from meldpunt.capture import services
from meldpunt.capture.leases import requeue
from meldpunt.capture.models import Capture, Purpose
from meldpunt.capture.states import FAILED, CaptureState
from meldpunt.intake.models import Item

REPORTED_AGAIN_SOONER = timedelta(minutes=15)  # a retry due sooner than this is left to come
CHUNK = 500  # captures retried per transaction


class RetryReason(StrEnum):
    """Why a failed capture was tried again (kept in the audit trail)."""

    REPORTED_AGAIN = "reported again"
    REQUESTED = "retry requested"


def failed_captures() -> QuerySet[Capture]:
    """Every failed capture (for good, or waiting for its next try), oldest failure first."""
    return (
        Capture.objects.filter(state__in=FAILED).select_related("item").order_by("updated_at", "pk")
    )


def retry_reported_again(item_ids: Sequence[int], actor: Actor) -> list[int]:
    """Captures of items reported again that failed for good, or whose next try is far off:
    a new report is a sign the address may work now. Returns the captures retried."""
    later = timezone.now() + REPORTED_AGAIN_SOONER
    waiting_long = Q(state=CaptureState.FAILED_FINAL) | Q(
        state=CaptureState.FAILED_RETRYABLE, next_attempt_at__gt=later
    )
    found: list[int] = []
    for start in range(0, len(item_ids), CHUNK):
        chosen = Capture.objects.filter(
            waiting_long, item__in=item_ids[start : start + CHUNK], purpose=Purpose.FIRST
        )
        found.extend(chosen.values_list("pk", flat=True))
    return retry_captures(found, actor, RetryReason.REPORTED_AGAIN) if found else []


def retry_captures(
    capture_ids: Sequence[int],
    actor: Actor,
    reason: RetryReason,
    progress: Callable[[int], object] | None = None,
) -> list[int]:
    """Queue failed captures for a fresh attempt, audited; their jobs go out on commit.
    Captures that are not failed (any more) are left alone. Returns those retried."""
    retried: list[int] = []
    for start in range(0, len(capture_ids), CHUNK):
        part = capture_ids[start : start + CHUNK]
        with transaction.atomic():
            fresh = requeue(part)
            record_events(actor, [_retried_event(capture, reason) for capture in fresh])
            ids = [capture.pk for capture in fresh]
            services.send_when_committed(ids)
        retried.extend(ids)
        if progress:
            progress(len(part))
    return retried


def _retried_event(capture: Capture, reason: RetryReason) -> tuple[str, Item, dict[str, object]]:
    details: dict[str, object] = {
        "capture": capture.pk,
        "reason": reason.value,
        "was": capture.state,
        "attempts": capture.attempts,
        "error": capture.error[:200],
    }
    return "capture.retried", capture.item, details
