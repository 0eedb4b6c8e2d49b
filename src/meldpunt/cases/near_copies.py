"""Placing new contents among the groups of near copies, a batch at a time, never by recounting.

Each process keeps an index of every content's PDQ hash (as it is), followed by id: a newcomer's
eight orientations are searched in it, the groups of the contents found are read from the
database, and core.content.grouping places the batch among them. Runs under the grouping lock.

The index is only a sieve: every content it names is checked against the database's hashes
before it counts, and if the newest placement it followed is no longer what it indexed (a
number handed out again after a rolled-back transaction), it starts again from nothing.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from meldpunt.capture.rows import update_from_values
from meldpunt.cases.models import Content, ContentGroup, GroupingLock, KeptApart
from meldpunt.core.content.grouping import Grouping, KnownGroup
from meldpunt.core.content.groups import Member
from meldpunt.core.hashing.pdq import TRUSTED_QUALITY
from meldpunt.core.matching.index import PdqIndex


@dataclass(frozen=True)
class Placing:
    """A content being placed: its hashes, its number in the order of placements."""

    member: Member
    number: int
    pdq: str


class ContentIndex:
    """Every trusted content PDQ hash in this process, brought up to date by id."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._forget()

    def _forget(self) -> None:
        self._index = PdqIndex()
        self._seen, self._last, self._committed = 0, "", 0

    def near(self, queries: Sequence[Sequence[bytes]], threshold: int) -> list[set[int]]:
        """For each content's orientations, the ids of contents within the threshold of any
        of them: one search for all."""
        with self._lock:
            self._follow()
            return self._search(queries, threshold)

    def near_placing(self, newcomers: Sequence[Placing], threshold: int) -> list[set[int]]:
        """As `near`, for contents being placed now, in the order of their numbers: the index
        takes them first, so near copies among them find each other. Should their transaction
        roll back, the next follow sees their numbers gone (or reused) and starts again.

        No follow is needed when the numbers just handed out come straight after this index's
        own last placements and those have committed: nobody placed anything in between."""
        with self._lock:
            own = self._seen == self._committed
            if not (newcomers and own and newcomers[0].number == self._seen + 1):
                self._follow()
            for placing in newcomers:
                self._index.add(placing.member.content_id, placing.member.variants[0])
            if newcomers:
                self._seen, self._last = newcomers[-1].number, newcomers[-1].pdq
                number = self._seen
                transaction.on_commit(lambda: self._placed_committed(number))
            return self._search([p.member.variants for p in newcomers], threshold)

    def _placed_committed(self, number: int) -> None:
        with self._lock:
            self._committed = number

    def _search(self, queries: Sequence[Sequence[bytes]], threshold: int) -> list[set[int]]:
        found = self._index.search_batch([v for q in queries for v in q], threshold)
        near: list[set[int]] = []
        for query in queries:
            hits, found = found[: len(query)], found[len(query) :]
            near.append({match.entry_id for matches in hits for match in matches})
        return near

    def _follow(self) -> None:
        """Add the contents placed since, in the order they were placed: one query, which
        also checks that the newest placement followed is still what was indexed."""
        rows = self._placed_from(self._seen)
        if self._seen and (not rows or (rows[0][2], rows[0][1]) != (self._seen, self._last)):
            self._forget()  # a number handed out again after a rolled-back transaction
            rows = self._placed_from(0)
        rows = rows[1:] if self._seen else rows
        if not rows:
            return
        if not self._seen:  # the first load: one bulk build, not an addition per content
            self._index = PdqIndex.build((pk, bytes.fromhex(pdq)) for pk, pdq, _ in rows)
        else:
            for pk, pdq, _ in rows:
                self._index.add(pk, bytes.fromhex(pdq))
        _, self._last, placed = rows[-1]
        self._seen = placed or self._seen

    @staticmethod
    def _placed_from(number: int) -> list[tuple[int, str, int | None]]:
        newer = (
            Content.objects.filter(placed__gte=max(number, 1))
            .order_by("placed")
            .values_list("pk", "pdq", "placed")
        )
        return list(newer.iterator(chunk_size=5000))


_index = ContentIndex()


def place(newcomers: Sequence[Content], threshold: int) -> None:
    """Put each new content with a trusted hash in its group: with the groups it is near, or
    in a group of its own. `newcomers` are contents created in the caller's transaction.

    Each is numbered as it is placed, under the grouping lock (held to the commit), so every
    worker's index follows placements in the order they commit. The groups the newcomers can
    reach are read in one go; the newcomers are then placed in memory in id order, each
    seeing the ones placed before it, and the outcome is written in a few statements."""
    waiting = sorted((c for c in newcomers if _unplaced(c)), key=lambda c: c.pk)
    if not waiting:
        return
    with transaction.atomic(savepoint=False):  # the caller's transaction, if there is one
        first = _reserve(len(waiting))
        placing = [
            Placing(_member(c.pk, c.pdq_variants), n, c.pdq) for n, c in enumerate(waiting, first)
        ]
        near = _index.near_placing(placing, threshold)
        grouping = _grouping(placing, near, threshold)
        for p, found in zip(placing, near, strict=True):
            grouping.place(p.member, found)
        for content, p in zip(waiting, placing, strict=True):
            content.placed = p.number
        _store(grouping, waiting)


def _unplaced(content: Content) -> bool:
    trusted = (content.pdq_quality or 0) >= TRUSTED_QUALITY and bool(content.pdq_variants)
    return trusted and content.group_id is None and content.placed is None


def _reserve(count: int) -> int:
    """Take the grouping lock (to the commit) and the next `count` numbers; the first."""
    table = connection.ops.quote_name(GroupingLock._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET placed = placed + %s WHERE id = 1 RETURNING placed",  # noqa: S608 (a table name)
            [count],
        )
        row = cursor.fetchone()
    if row is None:  # a database made without the migration's row (a flushed test database)
        GroupingLock.objects.get_or_create(pk=1)
        return _reserve(count)
    return int(row[0]) - count + 1


def _grouping(placing: Sequence[Placing], near: Sequence[set[int]], threshold: int) -> Grouping:
    """The groups of the placed contents the index found near any newcomer, whole, with
    what is kept apart among them: two queries at most."""
    newcomers = {p.member.content_id for p in placing}
    found = set().union(*near) - newcomers
    if not found:
        return Grouping.of([], [], threshold)
    reached = Content.objects.filter(pk__in=found, group__isnull=False).values("group")
    rows = Content.objects.filter(group__in=reached).values_list(
        "group", "group__spread", "pk", "pdq_variants"
    )
    members: dict[int, list[Member]] = defaultdict(list)
    spreads: dict[int, int] = {}
    for group, spread, pk, variants in rows.order_by("pk"):
        if variants:
            members[group].append(_member(pk, variants))
            spreads[group] = spread
    groups = [KnownGroup(g, m, spreads[g]) for g, m in members.items()]
    apart = _kept_apart(set(members)) if len(members) > 1 else set()
    return Grouping.of(groups, apart, threshold)


def _store(grouping: Grouping, waiting: Sequence[Content]) -> None:
    """Write what placing changed: groups started, grown and absorbed, and who is where."""
    started = grouping.started()
    made = ContentGroup.objects.bulk_create(
        [ContentGroup(spread=grouping.spread(k), size=grouping.size(k)) for k in started]
    )
    stored = {key: group.pk for key, group in zip(started, made, strict=True)}

    def final(key: int) -> int:
        key = grouping.final(key)
        return stored.get(key, key)

    for content in waiting:
        content.group_id = final(grouping.group_of[content.pk])
    update_from_values(
        Content, [(c.pk, {"placed": c.placed, "group_id": c.group_id}) for c in waiting], {}
    )
    moved = grouping.moved()
    update_from_values(Content, [(pk, {"group_id": final(k)}) for pk, k in moved.items()], {})
    changed = [(k, None) for k in grouping.grown()] + [(k, final(k)) for k in grouping.absorbed()]
    update_from_values(
        ContentGroup,
        [
            (k, {"spread": grouping.spread(k), "size": grouping.size(k), "merged_into_id": into})
            for k, into in changed
        ],
        {},
    )
    absorbed = grouping.absorbed()
    if absorbed:
        _keep_apart_after_merge({k: final(k) for k in absorbed})


def _member(pk: int, variants: list[str]) -> Member:
    return Member(pk, tuple(bytes.fromhex(v) for v in variants))


def _kept_apart(groups: set[int]) -> set[frozenset[int]]:
    pairs = KeptApart.objects.filter(group__in=groups, other__in=groups)
    return {frozenset(pair) for pair in pairs.values_list("group", "other")}


def _keep_apart_after_merge(into: dict[int, int]) -> None:
    """What was kept apart from an absorbed group is now kept apart from the one it went into."""
    absorbed = list(into)
    touched = KeptApart.objects.filter(Q(group__in=absorbed) | Q(other__in=absorbed))
    pairs = {
        (into.get(group, group), into.get(other, other))
        for group, other in touched.values_list("group", "other")
    }
    touched.delete()
    KeptApart.objects.bulk_create(
        [KeptApart(group_id=a, other_id=b) for a, b in pairs if a != b], ignore_conflicts=True
    )
