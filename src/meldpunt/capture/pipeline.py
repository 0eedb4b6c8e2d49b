"""Running one capture from wherever it stands to a final state, under a lease."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError
from django.utils import timezone

from meldpunt.audit.services import Actor, record_event
from meldpunt.capture import steps
from meldpunt.capture.leases import LeaseLost, claim, move, release, retry_later
from meldpunt.capture.models import Capture
from meldpunt.capture.states import FINAL, CaptureState
from meldpunt.capture.transactions import step_transaction
from meldpunt.core.fetching.fetcher import FetchRefused
from meldpunt.core.hashing.isolation import IsolationFailure
from meldpunt.core.vault.store import ObjectUnreadable

log = logging.getLogger(__name__)


def conclude(capture: Capture) -> None:
    """Match, trace and settle, committed as one: lookups first, then one short transaction.

    Known material is settled by its match and never queued; the rest waits for an analyst.
    Because it all commits together, a capture is never seen half-matched or half-traced.
    """
    outcome, found = steps.matches_of(capture), steps.hosting_of(capture)
    with step_transaction():
        standing = steps.record_matches(capture, outcome)
        steps.record_hosting(capture, found)
        state = CaptureState.SETTLED_BY_MATCH if standing else CaptureState.AWAITING_ASSESSMENT
        move(
            capture,
            state,
            seen_before=steps.seen_before(capture),
            settled_at=timezone.now() if standing else None,
        )
        record_event(
            Actor.system(),
            f"capture.{state.value}",
            capture.item,
            {"capture": capture.pk, "matches": [r.pk for r in standing]},
        )


STEPS: dict[str, Callable[[Capture], object]] = {
    CaptureState.FETCHING: steps.fetch,
    CaptureState.FETCHED: steps.analyse,
    CaptureState.HASHED: conclude,
}


def run_capture(capture_id: int) -> str | None:
    """Take the capture if free and due, run it to a final state (or a retry); None if not ours."""
    capture = claim(capture_id)
    if capture is None:
        return None
    try:
        while capture.state not in FINAL:
            STEPS[capture.state](capture)
        return capture.state
    except LeaseLost:
        return None
    except FetchRefused as refused:
        return _failed(capture, str(refused), retry=refused.retryable)
    except (IsolationFailure, ObjectUnreadable) as failure:
        return _failed(capture, str(failure), retry=False)
    except Exception as error:  # a bug or a database hiccup: retried with backoff, then final
        log.exception(
            "capture %s failed in state %s (%s)", capture.pk, capture.state, type(error).__name__
        )
        try:
            capture.refresh_from_db(fields=["state", "lease_token", "attempts"])  # after rollback
            return _failed(
                capture, f"internal error ({type(error).__name__}); see the server log", retry=True
            )
        except DatabaseError:  # the database itself fails: the lease runs out, then a retry
            return None
    finally:
        _release_if_possible(capture)


def _release_if_possible(capture: Capture) -> None:
    try:
        release(capture)
    except DatabaseError:
        log.warning("capture %s: lease not released; it runs out by itself", capture.pk)


def _failed(capture: Capture, error: str, retry: bool) -> str | None:
    try:
        with step_transaction():
            state = retry_later(capture, error) if retry else _final(capture, error)
            if state is CaptureState.FAILED_FINAL:
                record_event(
                    Actor.system(),
                    "capture.failed_final",
                    capture.item,
                    {"capture": capture.pk, "error": error[:200]},
                )
        return state
    except LeaseLost:
        return None


def _final(capture: Capture, error: str) -> CaptureState:
    move(capture, CaptureState.FAILED_FINAL, error=error[:300])
    return CaptureState.FAILED_FINAL
