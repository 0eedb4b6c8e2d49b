"""The background job engine (huey), chosen by configuration."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Sequence

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from meldpunt.config import Jobs, MeldpuntConfig

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def build_job_queue(config: MeldpuntConfig) -> Huey:
    """One SQLite file beside the database, Redis for several machines, or immediate.

    Task results are not kept: what a job achieved is in our own tables, and kept results
    would pile up in the queue's storage with nobody to read them.
    """
    if config.jobs is Jobs.IMMEDIATE:
        return MemoryHuey(config.job_queue_name, immediate=True, utc=True, results=False)
    if config.jobs is Jobs.REDIS:
        queue: Huey = RedisHuey(
            config.job_queue_name, url=config.redis_url, utc=True, results=False
        )
    else:
        filename = str(config.data_dir / "jobs.sqlite3")
        queue = SqliteHuey(
            config.job_queue_name, filename=filename, utc=True, journal_mode="wal", results=False
        )
    return queue


def children_end_with_this_process() -> None:
    """Make every process forked from this one from now on (huey's process workers and its
    scheduler) end when this one ends, even by SIGKILL (Linux, PR_SET_PDEATHSIG).

    Otherwise a killed consumer's children would live on unsupervised, taking jobs and queueing
    periodic ones beside a restarted consumer. Captures would stay safe (leases), but the
    process tree would lie. Processes those children fork in turn are not affected.
    """
    if not sys.platform.startswith("linux"):
        return
    consumer = os.getpid()
    forker = [consumer]

    def before_fork() -> None:
        forker[0] = os.getpid()

    def in_child() -> None:
        if forker[0] != consumer:
            return
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != consumer:  # the consumer died before the line above took effect
            os._exit(0)

    os.register_at_fork(before=before_fork, after_in_child=in_child)


class HueyJobs:
    """The JobQueue port over the huey tasks (capture.tasks), in whatever mode settings chose."""

    def capture(self, capture_ids: Sequence[int]) -> None:
        """Run these captures together, as one job."""
        from meldpunt.capture.tasks import capture_items

        capture_items(list(capture_ids))

    def match_again(self, capture_ids: Sequence[int], revision: int) -> None:
        """Match these captures again against the lists at `revision` or later."""
        from meldpunt.capture.tasks import match_again

        match_again(list(capture_ids), revision)

    def match_new_entries(self, list_id: int, entry_ids: tuple[int, int], revision: int) -> None:
        """Compare the captures awaiting assessment with a list's new entries."""
        from meldpunt.capture.tasks import match_new_entries

        match_new_entries(list_id, entry_ids, revision)

    def pending_count(self) -> int:
        """How many jobs are waiting in huey's storage."""
        from huey.contrib.djhuey import HUEY

        return int(HUEY.pending_count())
