"""The known-content index over every hash list, rebuilt only when the lists change."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from meldpunt.core.hashlists.known import KnownContent

log = logging.getLogger(__name__)

LISTS_CHECK_SECONDS = 2.0  # how often workers look for changed hash lists

Progress = Callable[[int], object] | None


def lists_revision() -> int:
    """The lists' revision now (lists.models.ListsRevision): it moves with every change, in
    commit order."""
    from meldpunt.lists.models import ListsRevision

    return ListsRevision.current()


class KnownContentIndex:
    """All hash lists, indexed once per process and kept while the lists' revision holds."""

    def __init__(self, check_seconds: float = LISTS_CHECK_SECONDS) -> None:
        self._lock = threading.Lock()
        self._built: tuple[int, KnownContent] | None = None
        self._checked: tuple[float, int] | None = None
        self._check_seconds = check_seconds

    def known_content(self, progress: Progress = None, at_least: int = 0) -> KnownContent:
        """The index; rebuilt when a list or its entries change (checked every 2 s, or at once
        when the index is older than revision `at_least`). `progress` hears how many entries a
        rebuild has indexed so far."""
        return self.known_content_at(progress, at_least)[1]

    def known_content_at(
        self, progress: Progress = None, at_least: int = 0
    ) -> tuple[int, KnownContent]:
        """The index and the lists revision it was built from."""
        from meldpunt.lists.services import load_known_content

        version = self._version(at_least)
        with self._lock:
            if self._built is None or self._built[0] != version:
                started = time.monotonic()
                self._built = (version, load_known_content(progress))
                seconds = time.monotonic() - started
                log.info("hash lists indexed: %d entries in %.1f s", len(self._built[1]), seconds)
            return self._built

    def revision(self) -> int:
        """The lists' revision now."""
        return lists_revision()

    def _version(self, at_least: int) -> int:
        """The lists' revision, at most 2 s old: one row read, where counting ten million
        entries every 2 s in every worker would keep the database busy."""
        now, checked = time.monotonic(), self._checked
        if checked is None or now - checked[0] > self._check_seconds or checked[1] < at_least:
            checked = self._checked = (now, lists_revision())
        return checked[1]
