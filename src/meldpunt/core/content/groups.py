"""Groups of near copies: connected components of PDQ matches, kept up to date one newcomer
at a time, with each group's spread (its largest inner distance).

Two contents are near copies when any of the eight orientations of one is within the
threshold of the other as it is. A newcomer joins every group it is near, merging them:
chaining can so join images that are not alike (A near B, B near C, A far from C), which the
spread shows. A senior analyst may split a group; the parts are then kept apart, and a
newcomer near both joins only the nearer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from meldpunt.core.matching.words import to_words


@dataclass(frozen=True)
class Member:
    """A content in a group, by id, with the PDQ hashes of its eight orientations."""

    content_id: int
    variants: tuple[bytes, ...]  # original first

    @property
    def original(self) -> bytes:
        """The hash of the image as it is."""
        return self.variants[0]


@dataclass(frozen=True)
class Joining:
    """Where a newcomer goes: into `target` (None: a group of its own), with `absorbed`
    merged into it, and the spread of the result."""

    target: int | None
    absorbed: tuple[int, ...]
    spread: int


def distance_between(a: Member, b: Member) -> int:
    """The smallest distance between an orientation of one and the other as it is, either
    way round (the same both ways for exact dihedral hashes; taken both ways so that it is
    symmetric whatever the hashes are)."""
    return int(_distances(a, [b])[0])


def join(
    newcomer: Member,
    near: Mapping[int, Sequence[Member]],
    spreads: Mapping[int, int],
    kept_apart: set[frozenset[int]],
) -> Joining:
    """Plan the newcomer's group, given the groups it is near (group id: its members).

    Groups are taken nearest first; one kept apart from a group already taken is left out.
    """
    if not near:
        return Joining(None, (), 0)
    nearest = {g: _nearest(newcomer, members) for g, members in near.items()}
    taken: list[int] = []
    for group in sorted(near, key=lambda g: (nearest[g], g)):
        if all(frozenset((group, other)) not in kept_apart for other in taken):
            taken.append(group)
    parts = [list(near[g]) for g in taken] + [[newcomer]]
    spread = max([spreads.get(g, 0) for g in taken] + [_cross_spread(parts)])
    return Joining(taken[0], tuple(taken[1:]), spread)


def spread_of(members: Sequence[Member]) -> int:
    """The largest distance between two members (0 for one or none)."""
    if len(members) < 2:
        return 0
    return _cross_spread([[m] for m in members])


def _nearest(newcomer: Member, members: Sequence[Member]) -> int:
    return int(_distances(newcomer, members).min())


def _cross_spread(parts: Sequence[Sequence[Member]]) -> int:
    """The largest distance between members of different parts (members of one part are
    already within its known spread)."""
    everyone = [m for part in parts for m in part]
    labels = np.repeat(np.arange(len(parts)), [len(p) for p in parts])
    worst = 0
    for i, member in enumerate(everyone):
        later = [everyone[j] for j in np.nonzero(labels > labels[i])[0]]
        if later:
            worst = max(worst, int(_distances(member, later).max()))
    return worst


def _distances(member: Member, others: Sequence[Member]) -> np.ndarray:
    """The symmetric distance from one member to each of the others."""
    mine, theirs = _words([member])[0], _words(others)
    ours, their_originals = _words_original([member])[0], _words_original(others)
    forth = np.bitwise_count(mine[:, None, :] ^ their_originals[None, :, :]).sum(axis=2)
    back = np.bitwise_count(theirs ^ ours[None, None, :]).sum(axis=2)
    nearest: np.ndarray = np.minimum(forth.min(axis=0), back.min(axis=1)).astype(np.int32)
    return nearest


def _words(members: Sequence[Member]) -> np.ndarray:
    """(n, 8, 4): every member's orientations; a member with fewer repeats its original."""
    rows = [to_words(_eight(m.variants)) for m in members]
    return np.stack(rows) if rows else np.zeros((0, 8, 4), np.uint64)


def _words_original(members: Sequence[Member]) -> np.ndarray:
    return to_words(m.original for m in members)


def _eight(variants: tuple[bytes, ...]) -> list[bytes]:
    return [*variants, *[variants[0]] * (8 - len(variants))][:8]
