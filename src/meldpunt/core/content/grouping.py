"""A batch of newcomers placed among the groups they touch, in memory, one after the other.

The groups a batch can reach are read once; each newcomer then joins (or merges, or starts)
groups exactly as if the batch had been placed one content at a time in this order, each
seeing the ones before it. What changed is then written in a few statements.

Groups that exist are known by their ids; groups started here get negative keys until they are
stored. A group started here and absorbed by another before the end is never stored at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from meldpunt.core.content.groups import Member, distance_between, join


@dataclass(frozen=True)
class KnownGroup:
    """A group as it stands before the batch: its members and spread."""

    group_id: int
    members: Sequence[Member]
    spread: int


@dataclass
class Grouping:
    """The groups in play, as the batch changes them."""

    threshold: int
    kept_apart: set[frozenset[int]] = field(default_factory=set)
    members: dict[int, list[Member]] = field(default_factory=dict)  # live groups only
    spreads: dict[int, int] = field(default_factory=dict)
    group_of: dict[int, int] = field(default_factory=dict)  # content id: its live group's key
    merged: dict[int, int] = field(default_factory=dict)  # absorbed key: key it went into
    _before: dict[int, int] = field(default_factory=dict)  # content id: group, as read
    _spreads_before: dict[int, int] = field(default_factory=dict)
    _touched: set[int] = field(default_factory=set)
    _known: dict[int, Member] = field(default_factory=dict)
    _last_new: int = 0

    @classmethod
    def of(
        cls, groups: Iterable[KnownGroup], kept_apart: Iterable[frozenset[int]], threshold: int
    ) -> Grouping:
        """The groups that exist, as read."""
        grouping = cls(threshold, set(kept_apart))
        for group in groups:
            grouping.members[group.group_id] = list(group.members)
            grouping.spreads[group.group_id] = group.spread
            for member in group.members:
                grouping.group_of[member.content_id] = group.group_id
                grouping._known[member.content_id] = member
        grouping._before = dict(grouping.group_of)
        grouping._spreads_before = dict(grouping.spreads)
        return grouping

    def place(self, newcomer: Member, near: Iterable[int]) -> int:
        """Put the newcomer with the placed contents of `near` that its hashes confirm are
        within the threshold (the rest were only the index's guesses), or in a group of its
        own. Returns its group's key."""
        reached: dict[int, list[Member]] = {}
        for content_id in near:
            group = self.group_of.get(content_id)
            known = self._known.get(content_id)
            if group is None or known is None or content_id == newcomer.content_id:
                continue
            if distance_between(newcomer, known) <= self.threshold:
                reached[group] = self.members[group]
        joining = join(newcomer, reached, self.spreads, self.kept_apart)
        if joining.target is None:
            self._last_new -= 1
            key = self._last_new
            self.members[key], self.spreads[key] = [], 0
        else:
            key = joining.target
            for absorbed in joining.absorbed:
                self._absorb(key, absorbed)
            self.spreads[key] = joining.spread
        self.members[key].append(newcomer)
        self.group_of[newcomer.content_id] = key
        self._known[newcomer.content_id] = newcomer
        self._touched.add(key)
        return key

    def final(self, key: int) -> int:
        """Where a group ended: itself, or the group that absorbed it, however often."""
        while key in self.merged:
            key = self.merged[key]
        return key

    def started(self) -> list[int]:
        """The keys of groups started here that are still groups, in the order started."""
        return sorted((k for k in self.members if k < 0), reverse=True)

    def grown(self) -> list[int]:
        """Groups from before that took in a newcomer or another group."""
        return sorted(k for k in self._touched if k > 0 and k in self.members)

    def absorbed(self) -> list[int]:
        """Groups from before that another group absorbed."""
        return sorted(k for k in self.merged if k > 0)

    def moved(self) -> dict[int, int]:
        """Contents from before that changed group: content id: its group's key now."""
        return {c: self.group_of[c] for c, g in self._before.items() if self.group_of[c] != g}

    def size(self, key: int) -> int:
        """How many contents a live group holds now (0 for an absorbed one)."""
        return len(self.members.get(key, ()))

    def spread(self, key: int) -> int:
        """A live group's spread now; an absorbed one's as it was."""
        return self.spreads.get(key, self._spreads_before.get(key, 0))

    def _absorb(self, target: int, absorbed: int) -> None:
        for member in self.members.pop(absorbed):
            self.group_of[member.content_id] = target
            self.members[target].append(member)
        self.spreads.pop(absorbed, None)
        self.merged[absorbed] = target
        self.kept_apart = {
            pair
            for pair in (
                frozenset(target if g == absorbed else g for g in p) for p in self.kept_apart
            )
            if len(pair) == 2
        }
