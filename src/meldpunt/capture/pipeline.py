"""Running a group of captures from wherever each stands to a final state, under one lease.

A job names several captures. They are claimed together, then taken through the stages in
order: those still to fetch are fetched (side by side), those fetched are analysed, those
hashed are concluded. A capture resumed after a crash simply joins at its own stage. Each
stage commits its captures together; a capture that fails leaves the group with its error
(retried later or final), and the rest go on.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from django.db import DatabaseError

from meldpunt import shutdown
from meldpunt.audit.services import Actor, record_event
from meldpunt.capture import steps
from meldpunt.capture.batches import Failure
from meldpunt.capture.leases import (
    Heartbeat,
    LeaseLost,
    claim,
    give_back,
    let_go,
    move,
    release,
    retry_later,
    tokens_of,
)
from meldpunt.capture.models import Capture, Purpose
from meldpunt.capture.states import FINAL, CaptureState
from meldpunt.capture.transactions import step_transaction
from meldpunt.cases.concluding import recheck_failed
from meldpunt.core.fetching.fetcher import FetchProblem, FetchRefused
from meldpunt.core.hashing.isolation import IsolationFailure, IsolationProblem
from meldpunt.core.vault.store import ObjectUnreadable

if TYPE_CHECKING:
    from meldpunt.bootstrap import Parts

log = logging.getLogger(__name__)

Stage = Callable[[Sequence[Capture], Callable[[], None], "Parts"], list[Failure]]
STAGES: tuple[tuple[CaptureState, Stage], ...] = (
    (CaptureState.FETCHING, steps.fetch),
    (CaptureState.FETCHED, steps.analyse),
    (CaptureState.HASHED, steps.conclude),
)


def run_captures(capture_ids: Sequence[int], parts: Parts) -> dict[int, str | None]:
    """Take those of the captures that are free and due and run them to a final state (or a
    retry). Per capture: the state it ended in, or None where it was not ours to run.

    When the process is asked to stop, the work ends at the next step and the captures not
    finished are given back as they stand, neither failed nor counted as an attempt."""
    ended: dict[int, str | None] = dict.fromkeys(capture_ids)
    if shutdown.requested():
        return ended
    held = claim(capture_ids)
    tokens, heartbeat = tokens_of(held), Heartbeat(held)

    def between() -> None:
        heartbeat()
        shutdown.check()

    try:
        for state, stage in STAGES:
            group = [c for c in held if c.state == state]
            if not group:
                continue
            if shutdown.requested():
                break
            try:
                failures = stage(group, between, parts)
            except shutdown.ShuttingDown:
                break
            except Exception as error:  # outside any one capture's work: all of them failed
                failures = [(capture, error) for capture in group]
            for capture, problem in failures:
                ended[capture.pk] = _after(capture, problem)
            # A failure recorded ends the capture's part in this job; one not recorded (a lost
            # lease, a stop) still holds its lease, which is let go of below.
            recorded = {capture.pk for capture, _ in failures if ended[capture.pk] is not None}
            held = [c for c in held if c.pk not in recorded]
        for capture in held:
            ended[capture.pk] = capture.state if capture.state in FINAL else None
        return ended
    finally:
        _let_go(held, tokens)


def run_capture(capture_id: int, parts: Parts) -> str | None:
    """Run one capture; the state it ended in, or None if it was not ours to run."""
    return run_captures([capture_id], parts)[capture_id]


def _after(capture: Capture, error: Exception) -> str | None:
    """Record a capture's failure: fetch problems as the fetcher judged them, damaged media and
    unreadable content as final, anything else (a bug, a database hiccup) as retryable.

    A failure the stop itself caused (a download cut short, a decoder stopped) says nothing
    about the file: nothing is recorded, and the capture is given back. Any other failure is
    recorded as usual, also while the process stops."""
    if isinstance(error, LeaseLost) or _caused_by_the_stop(error):
        return None
    if isinstance(error, FetchRefused):
        return _failed(capture, str(error), retry=error.retryable)
    if isinstance(error, IsolationFailure):
        return _failed(capture, str(error), retry=error.problem is IsolationProblem.STOPPED)
    if isinstance(error, ObjectUnreadable):
        return _failed(capture, str(error), retry=False)
    # The type and where it happened only: an exception's message may quote the content.
    log.error(
        "capture %s failed in state %s (%s), at:\n%s",
        capture.pk,
        capture.state,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)),
    )
    try:
        capture.refresh_from_db(fields=["state", "lease_token", "attempts"])
        return _failed(
            capture, f"internal error ({type(error).__name__}); see the server log", retry=True
        )
    except DatabaseError:  # the database itself fails: the lease runs out, then a retry
        return None


def _caused_by_the_stop(error: Exception) -> bool:
    if isinstance(error, shutdown.ShuttingDown):
        return True
    if isinstance(error, FetchRefused):
        return error.problem is FetchProblem.STOPPED
    stopped = isinstance(error, IsolationFailure) and error.problem is IsolationProblem.STOPPED
    return stopped and shutdown.requested()


def _let_go(held: Sequence[Capture], tokens: frozenset[str]) -> None:
    """Release the leases still held; when stopping, give the captures back, due at once."""
    try:
        if shutdown.requested():
            given = give_back(held)
            if given:
                log.info("stopping: gave %d unfinished captures back", given)
            return
        for capture in held:
            release(capture)
    except DatabaseError:
        log.warning("%d captures: leases not released; they run out by themselves", len(held))
    finally:
        let_go(tokens)


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
                if capture.purpose == Purpose.RECHECK.value:
                    recheck_failed(capture, error)
        return state
    except LeaseLost:
        return None


def _final(capture: Capture, error: str) -> CaptureState:
    move(capture, CaptureState.FAILED_FINAL, error=error[:300])
    return CaptureState.FAILED_FINAL
