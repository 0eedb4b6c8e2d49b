"""Working on a group of captures at once: downloads side by side, results committed together.

A job carries several captures (see services.enqueue). Each stage does its per-capture work
capture by capture, so one capture's failure is its own, then commits all results in one
transaction. Should that commit fail (a lease lost, a database error), each capture's result
is committed on its own instead, so the failure lands on the capture it belongs to.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Protocol, TypeVar

from django.conf import settings

from meldpunt import shutdown
from meldpunt.capture.models import Capture

log = logging.getLogger(__name__)

Failure = tuple[Capture, Exception]


class OfOneCapture(Protocol):
    """A result that belongs to one capture."""

    @property
    def capture(self) -> Capture: ...


R = TypeVar("R", bound=OfOneCapture)
T = TypeVar("T")


def commit_together(results: Sequence[R], commit: Callable[[Sequence[R]], None]) -> list[Failure]:
    """Commit all results at once; if that fails, each on its own. Returns what failed."""
    if not results:
        return []
    try:
        commit(results)
        return []
    except Exception as error:
        if len(results) == 1:
            return [(results[0].capture, error)]
        log.info(
            "committing %d captures together failed (%s); committing them one by one",
            len(results),
            type(error).__name__,
        )
    failures: list[Failure] = []
    for result in results:
        try:
            commit([result])
        except Exception as error:
            failures.append((result.capture, error))
    return failures


def sort_out(
    outcomes: Iterable[tuple[Capture, T | Exception]],
) -> tuple[list[T], list[Failure]]:
    """Results apart from failures."""
    done: list[T] = []
    failures: list[Failure] = []
    for capture, outcome in outcomes:
        if isinstance(outcome, Exception):
            failures.append((capture, outcome))
        else:
            done.append(outcome)
    return done, failures


def each(
    captures: Sequence[Capture], work: Callable[[Capture], T], between: Callable[[], None]
) -> Iterator[tuple[Capture, T | Exception]]:
    """Do the work for each capture in turn; a failure is yielded, not raised. A stop asked
    for between two pieces of work ends the run there: what is done so far still counts."""
    for capture in captures:
        try:
            yield capture, work(capture)
        except Exception as error:
            yield capture, error
        try:
            between()
        except shutdown.ShuttingDown:
            return


def side_by_side(
    captures: Sequence[Capture], work: Callable[[Capture], T], between: Callable[[], None]
) -> Iterator[tuple[Capture, T | Exception]]:
    """Do the work for all captures at once on the fetch threads (MELDPUNT_FETCH_CONCURRENCY),
    yielding each as it finishes. The work must not touch the database: it runs in threads
    that have no connection of their own."""
    if len(captures) == 1:
        yield from each(captures, work, between)
        return
    running: dict[Future[T], Capture] = {_pool().submit(work, c): c for c in captures}
    for future in as_completed(running):
        error = future.exception()
        yield running[future], error if isinstance(error, Exception) else future.result()
        try:
            between()
        except shutdown.ShuttingDown:  # the downloads still running are not waited for
            return


_pools: dict[int, ThreadPoolExecutor] = {}  # by process: a forked worker starts its own


def _pool() -> ThreadPoolExecutor:
    pid = os.getpid()
    if pid not in _pools:
        _pools.clear()
        _pools[pid] = ThreadPoolExecutor(
            max_workers=settings.MELDPUNT_FETCH_CONCURRENCY, thread_name_prefix="fetch"
        )
    return _pools[pid]
