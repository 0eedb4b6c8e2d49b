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

from django.db import transaction
from django.db.models import F, Q

from meldpunt.capture.rows import update_from_values
from meldpunt.cases.models import Content, ContentGroup, GroupingLock, KeptApart
from meldpunt.core.content.groups import Joining, Member, distance_between, join
from meldpunt.core.hashing.pdq import TRUSTED_QUALITY
from meldpunt.core.matching.index import PdqIndex


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
            found = self._index.search_batch([v for q in queries for v in q], threshold)
        near: list[set[int]] = []
        for query in queries:
            hits, found = found[: len(query)], found[len(query) :]
            near.append({match.entry_id for matches in hits for match in matches})
        return near

    def _follow(self) -> None:
        """Add the contents placed since, in the order they were placed."""
        if self._seen and not Content.objects.filter(placed=self._seen, pdq=self._last).exists():
            self._forget()
        newer = (
            Content.objects.filter(placed__gt=self._seen)
            .order_by("placed")
            .values_list("pk", "pdq", "placed")
        )
        rows = list(newer.iterator(chunk_size=5000))
        if not rows:
            return
        if not self._seen:  # the first load: one bulk build, not an addition per content
            self._index = PdqIndex.build((pk, bytes.fromhex(pdq)) for pk, pdq, _ in rows)
        else:
            for pk, pdq, _ in rows:
                self._index.add(pk, bytes.fromhex(pdq))
        _, self._last, placed = rows[-1]
        self._seen = placed or self._seen


_index = ContentIndex()


def place(newcomers: Sequence[Content], threshold: int) -> None:
    """Put each new content with a trusted hash in its group: with the groups it is near, or
    in a group of its own. Contents already placed (by another worker) are left alone.

    Each is numbered as it is placed, under the grouping lock (held to the commit), so every
    worker's index follows placements in the order they commit. Most newcomers are near
    nothing: they get their groups together, in a few statements. The rest join theirs one at
    a time, in id order, each seeing the ones placed before it."""
    with transaction.atomic():  # in the caller's transaction, if there is one
        _place(newcomers, threshold)


def _place(newcomers: Sequence[Content], threshold: int) -> None:
    lock, _ = GroupingLock.objects.select_for_update().get_or_create(pk=1)
    waiting = list(
        Content.objects.filter(
            pk__in=[c.pk for c in newcomers], group__isnull=True, pdq_quality__gte=TRUSTED_QUALITY
        )
        .exclude(pdq_variants=[])
        .order_by("pk")
    )
    if not waiting:
        return
    _number(lock, waiting)
    members = [_member(c.pk, c.pdq_variants) for c in waiting]
    near = _index.near([m.variants for m in members], threshold)
    alone = [c for c, m, n in zip(waiting, members, near, strict=True) if not n - {m.content_id}]
    _alone(alone)
    for content, member, found in zip(waiting, members, near, strict=True):
        if content in alone:
            continue
        groups = _members_of(_confirmed(member, found - {content.pk}, threshold))
        apart = _kept_apart(set(groups))
        spreads = dict(ContentGroup.objects.filter(pk__in=groups).values_list("pk", "spread"))
        _apply(content, join(member, groups, spreads, apart))


def _number(lock: GroupingLock, contents: Sequence[Content]) -> None:
    for n, content in enumerate(contents, lock.placed + 1):
        content.placed = n
    update_from_values(Content, [(c.pk, {"placed": c.placed}) for c in contents], {})
    lock.placed += len(contents)
    lock.save(update_fields=["placed"])


def _alone(contents: Sequence[Content]) -> None:
    """A group of its own for each of these contents."""
    if not contents:
        return
    groups = ContentGroup.objects.bulk_create([ContentGroup(spread=0, size=1) for _ in contents])
    for content, group in zip(contents, groups, strict=True):
        content.group = group
    update_from_values(Content, [(c.pk, {"group_id": c.group_id}) for c in contents], {})


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
    if joining.target is None:
        group = ContentGroup.objects.create(spread=0, size=1)
        Content.objects.filter(pk=content.pk).update(group=group)
        content.group = group
        return
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
