"""Placing new contents among the groups of near copies, one at a time, never by recounting.

Each process keeps an index of every content's PDQ hash (as it is), followed by id: a newcomer's
eight orientations are searched in it, the groups of the contents found are read from the
database, and core.content.groups decides what joins. Runs under the grouping lock.

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
from django.db.models import F, Q

from meldpunt.capture.rows import update_from_values
from meldpunt.cases.models import Content, ContentGroup, GroupingLock, KeptApart
from meldpunt.core.content.groups import Joining, Member, distance_between, join
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
        self._seen, self._last = 0, ""

    def near(self, queries: Sequence[Sequence[bytes]], threshold: int) -> list[set[int]]:
        """For each content's orientations, the ids of contents within the threshold of any
        of them: one search for all."""
        with self._lock:
            self._follow()
            return self._search(queries, threshold)

    def near_placing(self, newcomers: Sequence[Placing], threshold: int) -> list[set[int]]:
        """As `near`, for contents being placed now, in the order of their numbers: the index
        takes them first, so near copies among them find each other. Should their transaction
        roll back, the next follow sees their numbers gone (or reused) and starts again."""
        with self._lock:
            self._follow()
            for placing in newcomers:
                self._index.add(placing.member.content_id, placing.member.variants[0])
            if newcomers:
                self._seen, self._last = newcomers[-1].number, newcomers[-1].pdq
            return self._search([p.member.variants for p in newcomers], threshold)

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
    worker's index follows placements in the order they commit. Most newcomers are near
    nothing: the groups of their own are made before the lock is taken, and under it they are
    numbered, searched and placed in three statements. The rest join theirs one at a time, in
    id order, each seeing the ones placed before it."""
    waiting = sorted((c for c in newcomers if _unplaced(c)), key=lambda c: c.pk)
    if not waiting:
        return
    with transaction.atomic():  # in the caller's transaction, if there is one
        own = ContentGroup.objects.bulk_create([ContentGroup(spread=0, size=1) for _ in waiting])
        first = _reserve(len(waiting))
        placing = [
            Placing(_member(c.pk, c.pdq_variants), n, c.pdq) for n, c in enumerate(waiting, first)
        ]
        near = _index.near_placing(placing, threshold)
        alone = {
            p.member.content_id
            for p, n in zip(placing, near, strict=True)
            if n <= {p.member.content_id}
        }
        for content, group, p in zip(waiting, own, placing, strict=True):
            content.placed = p.number
            content.group = group if content.pk in alone else None
        update_from_values(
            Content, [(c.pk, {"placed": c.placed, "group_id": c.group_id}) for c in waiting], {}
        )
        _join_the_rest(waiting, own, placing, near, threshold)


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


def _join_the_rest(
    waiting: Sequence[Content],
    own: Sequence[ContentGroup],
    placing: Sequence[Placing],
    near: Sequence[set[int]],
    threshold: int,
) -> None:
    unused = []
    for content, group, p, found in zip(waiting, own, placing, near, strict=True):
        if content.group_id is not None:
            continue
        groups = _members_of(_confirmed(p.member, found - {content.pk}, threshold))
        apart = _kept_apart(set(groups))
        spreads = dict(ContentGroup.objects.filter(pk__in=groups).values_list("pk", "spread"))
        joining = join(p.member, groups, spreads, apart)
        if joining.target is None:
            Content.objects.filter(pk=content.pk).update(group=group)
            content.group = group
        else:
            unused.append(group.pk)
            _apply(content, joining)
    if unused:
        ContentGroup.objects.filter(pk__in=unused).delete()


def _member(pk: int, variants: list[str]) -> Member:
    return Member(pk, tuple(bytes.fromhex(v) for v in variants))


def _confirmed(member: Member, candidates: set[int], threshold: int) -> set[int]:
    """Those of the candidates that are near by the database's own hashes."""
    rows = Content.objects.filter(pk__in=candidates).values_list("pk", "pdq_variants")
    return {
        pk
        for pk, variants in rows
        if variants and distance_between(member, _member(pk, variants)) <= threshold
    }


def _members_of(content_ids: set[int]) -> dict[int, list[Member]]:
    """The whole groups of these contents: group id -> members."""
    groups = Content.objects.filter(pk__in=content_ids, group__isnull=False).values("group")
    members: dict[int, list[Member]] = defaultdict(list)
    rows = Content.objects.filter(group__in=groups).values_list("group", "pk", "pdq_variants")
    for group, pk, variants in rows:
        members[group].append(_member(pk, variants))
    return dict(members)


def _kept_apart(groups: set[int]) -> set[frozenset[int]]:
    pairs = KeptApart.objects.filter(group__in=groups, other__in=groups)
    return {frozenset(pair) for pair in pairs.values_list("group", "other")}


def _apply(content: Content, joining: Joining) -> None:
    """The content joins the target group, which absorbs the others it was near."""
    assert joining.target is not None
    absorbed = list(joining.absorbed)
    moved = Content.objects.filter(group__in=absorbed).update(group=joining.target)
    Content.objects.filter(pk=content.pk).update(group=joining.target)
    ContentGroup.objects.filter(pk__in=absorbed).update(merged_into=joining.target, size=0)
    ContentGroup.objects.filter(pk=joining.target).update(
        spread=joining.spread, size=F("size") + moved + 1
    )
    _keep_apart_after_merge(joining.target, absorbed)
    content.group_id = joining.target


def _keep_apart_after_merge(target: int, absorbed: list[int]) -> None:
    """What was kept apart from an absorbed group is now kept apart from the one it joined."""
    touched = KeptApart.objects.filter(Q(group__in=absorbed) | Q(other__in=absorbed))
    pairs = {
        tuple(target if g in absorbed else g for g in pair)
        for pair in touched.values_list("group", "other")
    }
    touched.delete()
    KeptApart.objects.bulk_create(
        [KeptApart(group_id=a, other_id=b) for a, b in pairs if a != b], ignore_conflicts=True
    )
