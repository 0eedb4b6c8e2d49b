"""The PDQ index: exact radius search (100% recall) that takes additions and removals live.

Most hashes sit in one large immutable Segment. Additions go to a small delta segment that
is rebuilt lazily before the next search; removals are tombstones. When the delta outgrows
a share of the main segment, both are merged into a new main segment. A search asks both
segments and drops tombstoned positions, so its answer always equals a brute-force scan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from meldpunt.core.matching.persist import IndexFileError
from meldpunt.core.matching.segment import Hits, Segment, layout_for
from meldpunt.core.matching.words import to_words

DEFAULT_THRESHOLD = 31
MERGE_MIN = 20_000  # below this many delta entries a merge is never worth it
MERGE_SHARE = 0.05  # merge when the delta exceeds 5% of the main segment


@dataclass(frozen=True)
class Match:
    """One stored entry within the threshold of a query."""

    entry_id: int
    distance: int


class PdqIndex:
    """Entries are (entry_id, 32-byte PDQ hash); entry ids are the caller's, e.g. list rows."""

    def __init__(
        self,
        main: Segment | None = None,
        main_ids: np.ndarray | None = None,
        alive: np.ndarray | None = None,
    ) -> None:
        self._main = main or Segment.build(np.zeros((0, 4), np.uint64))
        self._main_ids = main_ids if main_ids is not None else np.zeros(0, np.int64)
        self._alive = alive if alive is not None else np.ones(len(self._main_ids), bool)
        self._order = np.argsort(self._main_ids, kind="stable")
        self._delta: dict[int, bytes] = {}
        self._delta_segment: Segment | None = None
        self._delta_ids = np.zeros(0, np.int64)

    @classmethod
    def build(cls, entries: Iterable[tuple[int, bytes]]) -> PdqIndex:
        """Bulk-load from (entry_id, hash) pairs."""
        pairs = list(entries)
        ids = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
        return cls.from_arrays(ids, to_words(p[1] for p in pairs))

    @classmethod
    def from_arrays(cls, entry_ids: np.ndarray, words: np.ndarray) -> PdqIndex:
        """Bulk-load from an int64 id array and an (n, 4) uint64 hash array: no Python objects."""
        if len(np.unique(entry_ids)) != len(entry_ids):
            raise ValueError("entry ids must be unique")
        if words.shape != (len(entry_ids), 4):
            raise ValueError("need one 256-bit hash per entry id")
        return cls(Segment.build(words), np.asarray(entry_ids, dtype=np.int64))

    def __len__(self) -> int:
        return int(self._alive.sum()) + len(self._delta)

    def add(self, entry_id: int, bits: bytes) -> None:
        """Add or replace one entry; visible to the next search."""
        if len(bits) != 32:
            raise ValueError("a PDQ hash is 32 bytes")
        self._kill_main(entry_id)
        self._delta[entry_id] = bits
        self._delta_segment = None
        if len(self._delta) > max(MERGE_MIN, MERGE_SHARE * len(self._main_ids)):
            self.merge()

    def remove(self, entry_id: int) -> bool:
        """Remove one entry; False if it was not there."""
        if self._delta.pop(entry_id, None) is not None:
            self._delta_segment = None
            return True
        return self._kill_main(entry_id)

    def merge(self) -> None:
        """Fold the delta and the tombstones into a fresh main segment."""
        live = self._alive
        ids = np.concatenate([self._main_ids[live], np.fromiter(self._delta, np.int64)])
        words = np.concatenate([self._main.words[live], to_words(self._delta.values())])
        self.__init__(Segment.build(words), ids)  # type: ignore[misc]

    def search(self, bits: bytes, threshold: int = DEFAULT_THRESHOLD) -> list[Match]:
        """Every entry within `threshold` bits of one hash."""
        return self.search_batch([bits], threshold)[0]

    def search_batch(
        self, queries: Sequence[bytes], threshold: int = DEFAULT_THRESHOLD, threads: int = 1
    ) -> list[list[Match]]:
        """Every entry within `threshold` bits of each query, nearest first."""
        if not 0 <= threshold <= 256:
            raise ValueError("threshold must be between 0 and 256 bits")
        words = to_words(queries)
        results: list[list[Match]] = [[] for _ in queries]
        main = self._main.search(words, threshold, threads)
        keep = self._alive[main.positions]
        self._collect(results, main, self._main_ids, keep)
        delta = self._delta_search(words, threshold)
        self._collect(results, delta, self._delta_ids, np.ones(len(delta.positions), bool))
        for matches in results:
            matches.sort(key=lambda m: (m.distance, m.entry_id))
        return results

    def _delta_search(self, words: np.ndarray, threshold: int) -> Hits:
        if self._delta_segment is None:
            self._delta_ids = np.fromiter(self._delta, np.int64, count=len(self._delta))
            self._delta_segment = Segment.build(to_words(self._delta.values()))
        return self._delta_segment.search(words, threshold)

    @staticmethod
    def _collect(results: list[list[Match]], hits: Hits, ids: np.ndarray, keep: np.ndarray) -> None:
        for query, position, distance in zip(
            hits.queries[keep].tolist(),
            hits.positions[keep].tolist(),
            hits.distances[keep].tolist(),
            strict=True,
        ):
            results[query].append(Match(int(ids[position]), distance))

    def _kill_main(self, entry_id: int) -> bool:
        where = np.searchsorted(self._main_ids, entry_id, sorter=self._order)
        if where >= len(self._order) or self._main_ids[self._order[where]] != entry_id:
            return False
        position = self._order[where]
        was_alive = bool(self._alive[position])
        if was_alive:
            self._alive = self._alive.copy() if not self._alive.flags.writeable else self._alive
            self._alive[position] = False
        return was_alive

    def snapshot(self) -> dict[str, np.ndarray]:
        """Everything needed to restore this index, as arrays (see persist.py)."""
        return {
            "words": self._main.words,
            "offsets": self._main.offsets,
            "ids": self._main.ids,
            "widths": np.array(self._main.widths, np.uint8),
            "entry_ids": self._main_ids,
            "alive": self._alive,
            "delta_ids": np.fromiter(self._delta, np.int64, count=len(self._delta)),
            "delta_words": to_words(self._delta.values()),
        }

    @classmethod
    def restore(cls, arrays: dict[str, np.ndarray]) -> PdqIndex:
        """The inverse of snapshot; arrays may be read-only memory maps."""
        widths = tuple(int(w) for w in arrays["widths"])
        if widths != layout_for(len(arrays["words"])):
            raise IndexFileError("the index tables do not match their hashes")
        main = Segment(arrays["words"], arrays["offsets"], arrays["ids"], widths)
        index = cls(main, np.asarray(arrays["entry_ids"]), np.array(arrays["alive"], dtype=bool))
        for entry_id, row in zip(arrays["delta_ids"].tolist(), arrays["delta_words"], strict=True):
            index._delta[entry_id] = row.tobytes()
        return index
