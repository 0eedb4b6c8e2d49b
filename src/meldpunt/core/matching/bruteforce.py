"""The slow, obviously correct reference: compare the query with every stored hash."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from meldpunt.core.matching.index import DEFAULT_THRESHOLD, Match
from meldpunt.core.matching.words import distances, to_words


class BruteForceIndex:
    """Same questions as PdqIndex, answered by a full scan; the oracle for tests."""

    def __init__(self, entries: Iterable[tuple[int, bytes]]) -> None:
        pairs = list(entries)
        self._ids = np.array([p[0] for p in pairs], dtype=np.int64)
        self._words = to_words(p[1] for p in pairs)

    def search_batch(
        self, queries: Sequence[bytes], threshold: int = DEFAULT_THRESHOLD
    ) -> list[list[Match]]:
        """Every entry within `threshold`, nearest first."""
        results = []
        for query in to_words(queries):
            found = distances(self._words, query)
            hits = np.nonzero(found <= threshold)[0]
            matches = [Match(int(self._ids[i]), int(found[i])) for i in hits]
            results.append(sorted(matches, key=lambda m: (m.distance, m.entry_id)))
        return results
