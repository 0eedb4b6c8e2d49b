"""The background job engine (huey), chosen by configuration."""

from __future__ import annotations

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from meldpunt.config import Jobs, MeldpuntConfig


def build_job_queue(config: MeldpuntConfig) -> Huey:
    """One SQLite file beside the database, Redis for several machines, or immediate.

    Task results are not kept: what a job achieved is in our own tables, and kept results
    would pile up in the queue's storage with nobody to read them.
    """
    if config.jobs is Jobs.IMMEDIATE:
        return MemoryHuey(config.job_queue_name, immediate=True, utc=True, results=False)
    if config.jobs is Jobs.REDIS:
        return RedisHuey(config.job_queue_name, url=config.redis_url, utc=True, results=False)
    filename = str(config.data_dir / "jobs.sqlite3")
    return SqliteHuey(
        config.job_queue_name, filename=filename, utc=True, journal_mode="wal", results=False
    )
