"""An immutable block of hashes with multi-index-hashing tables, searched by the C kernel."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from meldpunt.core.matching import _mihkernel
from meldpunt.core.matching.words import chunk_values, distances

# 12 substrings, widest first. At radius 31 = 2 * 12 + 7 the kernel probes the first 8 within
# 2 bits and the last 4 within 1 bit (see the pigeonhole note in _mihkernel.c), so the last
# four can be narrow. Chosen by measurement at 10M hashes against 4 x 22 + 8 x 21 (all at
# 2 bits: twice the candidates), 16 x 16 (more candidates, more random reads) and 11 x 23-24
# (tables too large for 10M hashes in 1.5 GB).
LARGE: tuple[int, ...] = (22,) * 8 + (20,) * 4
# Below LARGE_FROM hashes, 16 x 16-bit tables (1 MB) beat 12 x 4M-slot ones (200 MB) to build.
SMALL: tuple[int, ...] = (16,) * 16
LARGE_FROM = 1 << 18


def layout_for(count: int) -> tuple[int, ...]:
    """The substring widths for a segment of `count` hashes."""
    return LARGE if count >= LARGE_FROM else SMALL


def max_probed_radius(widths: tuple[int, ...]) -> int:
    """Past this radius, probing 4+ flips per substring costs more than a scan, so we scan."""
    return 4 * len(widths) - 1


@dataclass(frozen=True)
class Hits:
    """Flat search results: for each hit, which query, which position, what distance."""

    queries: np.ndarray
    positions: np.ndarray
    distances: np.ndarray


@dataclass(frozen=True)
class Segment:
    """Hashes (n, 4) with their table offsets and position lists, one per substring."""

    words: np.ndarray
    offsets: np.ndarray
    ids: np.ndarray
    widths: tuple[int, ...]

    @classmethod
    def build(cls, words: np.ndarray) -> Segment:
        """Counting-sort every substring into buckets."""
        words = np.ascontiguousarray(words, dtype=np.uint64)
        widths = layout_for(len(words))
        offsets, ids, start = [], [], 0
        for width in widths:
            values = chunk_values(words, start, width)
            counts = np.bincount(values, minlength=1 << width)
            bounds = np.zeros((1 << width) + 1, dtype=np.uint32)
            np.cumsum(counts, out=bounds[1:])
            offsets.append(bounds)
            ids.append(np.argsort(values, kind="stable").astype(np.uint32))
            start += width
        empty = np.zeros(0, dtype=np.uint32)
        return cls(
            words, np.concatenate(offsets), np.concatenate(ids) if len(words) else empty, widths
        )

    def __len__(self) -> int:
        return len(self.words)

    def search(self, queries: np.ndarray, radius: int, threads: int = 1) -> Hits:
        """Every (query, position) pair within `radius` bits, exactly."""
        if not len(self) or not len(queries):
            return _no_hits()
        parts = np.array_split(np.ascontiguousarray(queries), max(1, min(threads, len(queries))))
        if len(parts) == 1:
            return self._search_part(parts[0], radius, 0)
        firsts = np.cumsum([0] + [len(p) for p in parts[:-1]])
        with ThreadPoolExecutor(len(parts)) as pool:
            results = list(pool.map(self._search_part, parts, [radius] * len(parts), firsts))
        return Hits(
            *(
                np.concatenate([getattr(r, f) for r in results])
                for f in ("queries", "positions", "distances")
            )
        )

    def _search_part(self, queries: np.ndarray, radius: int, first: int) -> Hits:
        if radius > max_probed_radius(self.widths):
            return self._scan(queries, radius, first)
        found = _mihkernel.search(
            self.words.data,
            self.offsets.data,
            self.ids.data,
            self.widths,
            np.ascontiguousarray(queries).data,
            radius,
        )
        return Hits(
            np.frombuffer(found[0], dtype=np.uint32).astype(np.int64) + first,
            np.frombuffer(found[1], dtype=np.uint32),
            np.frombuffer(found[2], dtype=np.uint16),
        )

    def _scan(self, queries: np.ndarray, radius: int, first: int) -> Hits:
        numbers, positions, found = [], [], []
        for number, query in enumerate(queries, start=first):
            measured = distances(self.words, query)
            near = np.nonzero(measured <= radius)[0]
            numbers.append(np.full(len(near), number, np.int64))
            positions.append(near.astype(np.uint32))
            found.append(measured[near].astype(np.uint16))
        return Hits(np.concatenate(numbers), np.concatenate(positions), np.concatenate(found))


def _no_hits() -> Hits:
    return Hits(np.zeros(0, np.int64), np.zeros(0, np.uint32), np.zeros(0, np.uint16))
