"""Transactions for pipeline steps: atomic, and on PostgreSQL not waiting for the disk.

Every step is idempotent and resumes from the last committed state, so a commit lost in a
database-server crash (at most a fraction of a second of them) only means a step is done
again. That makes `synchronous_commit = off` safe here, and it removes a disk flush from
each of the pipeline's few commits per item. Nothing outside the pipeline is affected.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def step_transaction() -> Iterator[None]:
    """One atomic unit of pipeline work (nested: part of the enclosing one)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield
