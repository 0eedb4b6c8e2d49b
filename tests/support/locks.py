"""Holding what a report must write from another connection, as a long import would."""

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def write_lock_held(data_dir: Path, database_url: str | None) -> Iterator[None]:
    """What a report must write, held by another connection: SQLite's write lock, or on
    PostgreSQL the audit trail's head row."""
    if database_url is None:
        other = sqlite3.connect(data_dir / "meldpunt.sqlite3", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    import psycopg

    with psycopg.connect(database_url) as other:
        other.execute("SELECT 1 FROM audit_audithead FOR UPDATE")
        try:
            yield
        finally:
            other.rollback()
