"""Exact-digest lookup (MD5, SHA-1, SHA-256) beside the PDQ index.

Each algorithm keeps its digests as one sorted fixed-width byte array with the entry ids
beside it (about 24-40 bytes per entry instead of ~150 for a dict), answered by binary
search. Additions go to a small dict; removals are tombstones on the sorted part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from meldpunt.core.hashing.digests import Digests

WIDTHS = {"md5": 16, "sha1": 20, "sha256": 32}


@dataclass(frozen=True)
class DigestMatch:
    """A stored entry whose digest equals the file's."""

    entry_id: int
    algorithm: str


def parse_digest(algorithm: str, text: str) -> bytes:
    """Hex text to digest bytes, or ValueError saying what is wrong."""
    if algorithm not in WIDTHS:
        raise ValueError(f"unknown digest type {algorithm!r}; expected one of {', '.join(WIDTHS)}")
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        raise ValueError(f"{algorithm} digest is not hexadecimal") from None
    if len(raw) != WIDTHS[algorithm]:
        raise ValueError(
            f"{algorithm} digest must be {2 * WIDTHS[algorithm]} hex characters, not {2 * len(raw)}"
        )
    return raw


class _Table:
    def __init__(self, width: int, pairs: list[tuple[int, bytes]]) -> None:
        keys = np.array([p[1] for p in pairs], dtype=f"S{width}")
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.ids = np.array([p[0] for p in pairs], dtype=np.int64)[order]
        self.added: dict[bytes, set[int]] = defaultdict(set)

    def find(self, digest: bytes, removed: set[int]) -> set[int]:
        key = np.array([digest], dtype=self.keys.dtype)
        low, high = (
            np.searchsorted(self.keys, key, "left")[0],
            np.searchsorted(self.keys, key, "right")[0],
        )
        found = {int(i) for i in self.ids[low:high]} - removed
        return found | self.added.get(digest, set())


class DigestIndex:
    """Entries are (entry_id, algorithm, digest bytes); one entry may carry several algorithms."""

    def __init__(self, entries: Iterable[tuple[int, str, bytes]] = ()) -> None:
        grouped: dict[str, list[tuple[int, bytes]]] = {name: [] for name in WIDTHS}
        for entry_id, algorithm, digest in entries:
            grouped[algorithm].append((entry_id, _checked(algorithm, digest)))
        self._tables = {name: _Table(WIDTHS[name], pairs) for name, pairs in grouped.items()}
        self._removed: set[int] = set()
        self._added_by_entry: dict[int, list[tuple[str, bytes]]] = defaultdict(list)

    def add(self, entry_id: int, algorithm: str, digest: bytes) -> None:
        """Add one digest of an entry; visible at once."""
        self._tables[algorithm].added[_checked(algorithm, digest)].add(entry_id)
        self._added_by_entry[entry_id].append((algorithm, digest))

    def remove(self, entry_id: int) -> None:
        """Remove every digest of an entry."""
        self._removed.add(entry_id)
        for algorithm, digest in self._added_by_entry.pop(entry_id, []):
            self._tables[algorithm].added[digest].discard(entry_id)

    def lookup(self, digests: Digests) -> list[DigestMatch]:
        """Entries sharing any of the file's digests, strongest algorithm first, each once."""
        matches: dict[int, DigestMatch] = {}
        for algorithm in ("sha256", "sha1", "md5"):
            raw = bytes.fromhex(getattr(digests, algorithm))
            for entry_id in sorted(self._tables[algorithm].find(raw, self._removed)):
                matches.setdefault(entry_id, DigestMatch(entry_id, algorithm))
        return list(matches.values())


def _checked(algorithm: str, digest: bytes) -> bytes:
    if algorithm not in WIDTHS:
        raise ValueError(f"unknown digest type {algorithm!r}")
    if len(digest) != WIDTHS[algorithm]:
        raise ValueError(f"a {algorithm} digest is {WIDTHS[algorithm]} bytes")
    return digest
