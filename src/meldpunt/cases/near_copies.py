"""Placing new contents among the groups of near copies, one at a time, never by recounting.

Each process keeps an index of every content's PDQ hash (as it is), followed by id: a newcomer's
eight orientations are searched in it, the groups of the contents found are read from the
database, and core.content.groups decides what joins. Runs under the grouping lock.

The index is only a sieve: every content it names is checked against the database's hashes
before it counts, and if the newest content it followed is no longer what it indexed (ids
reused after a rolled-back insert, as SQLite does), it starts again from nothing.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import F, Q

from meldpunt.cases.models import Content, ContentGroup, KeptApart
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

    def near(self, variants: Sequence[bytes], threshold: int) -> set[int]:
        """Ids of contents within the threshold of any of the orientations."""
        with self._lock:
            self._follow()
            found = self._index.search_batch(list(variants), threshold)
        return {match.entry_id for matches in found for match in matches}

    def _follow(self) -> None:
        if self._seen and not Content.objects.filter(pk=self._seen, pdq=self._last).exists():
            self._forget()
        newer = (
            Content.objects.filter(pk__gt=self._seen, pdq_quality__gte=TRUSTED_QUALITY)
            .exclude(pdq="")
            .order_by("pk")
            .values_list("pk", "pdq")
        )
        rows = list(newer.iterator(chunk_size=5000))
        if not rows:
            return
        if not self._seen:  # the first load: one bulk build, not an addition per content
            self._index = PdqIndex.build((pk, bytes.fromhex(pdq)) for pk, pdq in rows)
        else:
            for pk, pdq in rows:
                self._index.add(pk, bytes.fromhex(pdq))
        self._seen, self._last = rows[-1]


_index = ContentIndex()


def place(newcomers: Sequence[Content], threshold: int) -> None:
    """Put each new content with a trusted hash in its group: with the groups it is near, or
    in a group of its own. Contents already placed (by another worker) are left alone."""
    waiting = Content.objects.filter(
        pk__in=[c.pk for c in newcomers], group__isnull=True, pdq_quality__gte=TRUSTED_QUALITY
    ).exclude(pdq_variants=[])
    for content in waiting.order_by("pk"):
        member = _member(content.pk, content.pdq_variants)
        near = _index.near(member.variants, threshold) - {content.pk}
        groups = _members_of(_confirmed(member, near, threshold))
        apart = _kept_apart(set(groups))
        spreads = dict(ContentGroup.objects.filter(pk__in=groups).values_list("pk", "spread"))
        _apply(content, join(member, groups, spreads, apart))


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
