"""The small interfaces the services take: job queue, clock and content store."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Protocol


class JobQueue(Protocol):
    """Where background work is sent; what a job achieved is in the database, not here."""

    def capture(self, capture_ids: Sequence[int]) -> None:
        """Run these captures together, as one job."""

    def match_again(self, capture_ids: Sequence[int], revision: int) -> None:
        """Match these captures again against the lists at `revision` or later."""

    def match_new_entries(self, list_id: int, entry_ids: tuple[int, int], revision: int) -> None:
        """Compare the captures awaiting assessment with a list's new entries."""

    def pending_count(self) -> int:
        """How many jobs are waiting to be run."""


class Clock(Protocol):
    """The time, for services that stamp or compare it."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""


class SystemClock:
    """The machine's clock, in UTC."""

    def now(self) -> datetime:
        """The current time, timezone-aware."""
        return datetime.now(UTC)


class Store(Protocol):
    """Stored content by object id (core.vault.store.ContentStore is the real one)."""

    def put(self, data: bytes) -> str:
        """Store the bytes; returns their new object id."""

    def get(self, object_id: str) -> bytes:
        """The bytes stored under the id."""

    def delete(self, object_id: str, force: bool = False) -> bool:
        """Remove the object; whether it was there."""

    def exists(self, object_id: str) -> bool:
        """Whether the object is stored."""

    def stored_before(self, cutoff: float) -> Iterator[list[str]]:
        """Ids of objects written before `cutoff` (a Unix time), a batch at a time."""
