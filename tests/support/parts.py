"""Fake parts for the composition root: a job queue, a content store and a clock."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.test import override_settings

from meldpunt import bootstrap
from meldpunt.core.fetching.resolvers import Resolver
from meldpunt.core.hosting.sources import CidrRow, CidrTable
from meldpunt.core.hosting.trace import HostingSources
from meldpunt.core.vault.store import ObjectUnreadable


@dataclass
class FakeJobs:
    """Records every job sent; with `at_once`, runs each as it is sent, as huey's immediate
    mode would. `pending_count` is how many recorded jobs have not run."""

    at_once: bool = False
    captures: list[list[int]] = field(default_factory=list)
    rematches: list[tuple[list[int], int]] = field(default_factory=list)
    new_entries: list[tuple[int, tuple[int, int], int]] = field(default_factory=list)

    def capture(self, capture_ids: Sequence[int]) -> None:
        """Record (and maybe run) one capture job."""
        from meldpunt.capture.pipeline import run_captures

        if self.at_once:
            run_captures(list(capture_ids), bootstrap.parts())
        else:
            self.captures.append(list(capture_ids))

    def match_again(self, capture_ids: Sequence[int], revision: int) -> None:
        """Record (and maybe run) one job matching captures again."""
        from meldpunt.capture.rematching import settle_if_known

        if self.at_once:
            settle_if_known(list(capture_ids), revision, bootstrap.parts())
        else:
            self.rematches.append((list(capture_ids), revision))

    def match_new_entries(self, list_id: int, entry_ids: tuple[int, int], revision: int) -> None:
        """Record (and maybe run) one job comparing a list's new entries."""
        from meldpunt.capture.rematching import match_new_entries

        if self.at_once:
            match_new_entries(list_id, entry_ids, revision, bootstrap.parts())
        else:
            self.new_entries.append((list_id, entry_ids, revision))

    def pending_count(self) -> int:
        """How many recorded jobs have not run."""
        return len(self.captures) + len(self.rematches) + len(self.new_entries)


class MemoryStore:
    """Content in a dict, with the ContentStore's answers: a fake for the Store port."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[float, bytes]] = {}
        self.now: float | None = None  # the Unix time new objects are written at; None: now

    def put(self, data: bytes) -> str:
        """Store the bytes; returns their new object id."""
        object_id = secrets.token_hex(16)
        written = time.time() if self.now is None else self.now
        self.objects[object_id] = (written, bytes(data))
        return object_id

    def get(self, object_id: str) -> bytes:
        """The bytes stored under the id."""
        if object_id not in self.objects:
            raise ObjectUnreadable(f"object {object_id} is missing")
        return self.objects[object_id][1]

    def delete(self, object_id: str, force: bool = False) -> bool:
        """Remove the object; whether it was there."""
        return self.objects.pop(object_id, None) is not None

    def exists(self, object_id: str) -> bool:
        """Whether the object is stored."""
        return object_id in self.objects

    def stored_before(self, cutoff: float) -> Iterator[list[str]]:
        """Ids of objects written before `cutoff`, in one batch."""
        found = sorted(k for k, (written, _) in self.objects.items() if written < cutoff)
        if found:
            yield found


@dataclass
class FixedClock:
    """A clock that says what it is told."""

    time: datetime = field(default_factory=lambda: datetime(2026, 1, 5, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        """The time it was set to."""
        return self.time


@contextmanager
def wired(**given: object) -> Iterator[bootstrap.Parts]:
    """Fresh parts from the settings in force, with these (and the fakes already wired) in
    place of the real ones."""
    with bootstrap.use(bootstrap.parts().but(**given)) as parts:
        yield parts


@contextmanager
def loopback_allowed(**given: object) -> Iterator[bootstrap.Parts]:
    """Fresh parts whose fetcher may reach local test sites (127.0.0.1)."""
    with override_settings(MELDPUNT_FETCH_ALLOW_LOOPBACK=True), wired(**given) as parts:
        yield parts


@dataclass
class TableHosting:
    """The hosting part over a fixed table of networks (country, ASN, name) in place of the
    bundled registries and the directory; change `rows` to move the hosting."""

    resolver: Resolver
    rows: list[CidrRow] = field(default_factory=list)

    def __call__(self) -> HostingSources:
        """The sources for a trace now."""
        table = CidrTable(self.rows)
        return HostingSources(self.resolver, table, table)
