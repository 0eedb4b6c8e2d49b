"""Which list each indexed entry belongs to, and the entry's own classification.

Matching needs only this of an entry once its hashes are in the indexes. Kept as two sorted
arrays (entry id, label number; about 12 bytes an entry) over a short table of the distinct
labels, instead of an object per entry (several hundred bytes each: gigabytes at ten million
entries, in every worker). Later additions go to a small dict; removals are tombstones.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np

from meldpunt.core.hashlists.entries import Classification

Label = tuple[int, Classification | None]  # the list's id, the entry's own classification


class EntryTable:
    """Entry id -> Label, for entries loaded in bulk and then added or removed one by one."""

    def __init__(self, rows: Iterable[tuple[int, Label]] = ()) -> None:
        self._labels: list[Label] = []
        self._numbers: dict[Label, int] = {}
        ids, numbers = array("q"), array("I")
        for entry_id, label in rows:
            ids.append(entry_id)
            numbers.append(self._number(label))
        loaded = np.frombuffer(ids, dtype=np.int64)
        order = np.argsort(loaded, kind="stable")
        self._ids = loaded[order]
        self._label_numbers = np.frombuffer(numbers, dtype=np.uint32)[order]
        repeated = self._ids[1:][self._ids[1:] == self._ids[:-1]]
        if len(repeated):
            raise ValueError(f"entry {int(repeated[0])} is loaded twice")
        self._added: dict[int, int] = {}
        self._removed: set[int] = set()

    def __len__(self) -> int:
        return len(self._ids) - len(self._removed) + len(self._added)

    def __contains__(self, entry_id: object) -> bool:
        return isinstance(entry_id, int) and self._find(entry_id) is not None

    def label(self, entry_id: int) -> Label:
        """The entry's list and own classification; KeyError if it is not here."""
        number = self._find(entry_id)
        if number is None:
            raise KeyError(entry_id)
        return self._labels[number]

    def add(self, entry_id: int, label: Label) -> None:
        """Add an entry, or replace its label."""
        if self._position(entry_id) is not None:
            self._removed.add(entry_id)  # the bulk-loaded label gives way to this one
        self._added[entry_id] = self._number(label)

    def remove(self, entry_id: int) -> bool:
        """Forget an entry; whether it was here."""
        if self._find(entry_id) is None:
            return False
        if self._added.pop(entry_id, None) is None:  # a replaced one is a tombstone already
            self._removed.add(entry_id)
        return True

    def _find(self, entry_id: int) -> int | None:
        if entry_id in self._added:
            return self._added[entry_id]
        position = self._position(entry_id)
        if position is None or entry_id in self._removed:
            return None
        return int(self._label_numbers[position])

    def _position(self, entry_id: int) -> int | None:
        position = int(np.searchsorted(self._ids, entry_id))
        if position < len(self._ids) and self._ids[position] == entry_id:
            return position
        return None

    def _number(self, label: Label) -> int:
        if label not in self._numbers:
            self._numbers[label] = len(self._labels)
            self._labels.append(label)
        return self._numbers[label]
