"""Near-copy groups as senior analysts see them, and splitting one where chaining joined
images that are not alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from meldpunt.audit.services import Actor, record_event
from meldpunt.cases.models import Content, ContentGroup, GroupingLock, KeptApart
from meldpunt.core.content.groups import Member, distance_between, spread_of


class SplitRefused(ValueError):
    """The split cannot be made as asked; `reason` is `gone` or `choice`."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class MemberRow:
    """A member as the group page lists it: hashes and counts, never content."""

    content: Content
    cases: int
    nearest: int | None  # the distance to the nearest other member


def wide_groups() -> QuerySet[ContentGroup]:
    """Live groups of two or more, the widest spread first: where to look for chaining."""
    live = ContentGroup.objects.filter(merged_into__isnull=True, size__gte=2)
    return live.order_by("-spread", "-size", "pk")


def spread_is_wide(group: ContentGroup, threshold: int) -> bool:
    """Wider than the matching threshold: some members are not near copies of each other."""
    return group.spread > threshold


def members_of(group: ContentGroup) -> list[MemberRow]:
    """The group's contents, with how many cases each is found in."""
    contents = list(group.members.order_by("pk"))
    members = [_member(c) for c in contents]
    return [
        MemberRow(c, c.cases.count(), _nearest(m, [o for o in members if o is not m]))
        for c, m in zip(contents, members, strict=True)
    ]


def split_group(group_id: int, content_ids: Sequence[int], actor: Actor) -> ContentGroup:
    """Move the chosen contents to a new group, kept apart from the old one (a newcomer near
    both joins only the nearer). Both spreads are counted again. Audited."""
    with transaction.atomic():
        GroupingLock.objects.select_for_update().get_or_create(pk=1)
        group = ContentGroup.objects.select_for_update().filter(pk=group_id).first()
        if group is None or group.merged_into_id is not None:
            raise SplitRefused("gone", f"group {group_id} no longer exists (merged or split)")
        members = list(group.members.order_by("pk"))
        chosen = [c for c in members if c.pk in set(content_ids)]
        if not chosen or len(chosen) == len(members):
            raise SplitRefused("choice", "choose at least one member to move, and leave one")
        left = [c for c in members if c not in chosen]
        new = ContentGroup.objects.create(split_from=group, size=len(chosen))
        Content.objects.filter(pk__in=[c.pk for c in chosen]).update(group=new)
        _respread(new, chosen)
        before = group.spread
        _respread(group, left, size=len(left))
        KeptApart.objects.create(group=group, other=new)
        details = {
            "group": group.pk,
            "new_group": new.pk,
            "contents": [c.pk for c in chosen],
            "spread_before": before,
            "spreads_after": [group.spread, new.spread],
        }
        record_event(actor, "content_group.split", group, details)
    return new


def _respread(group: ContentGroup, contents: Sequence[Content], size: int | None = None) -> None:
    group.spread = spread_of([_member(c) for c in contents if c.pdq_variants])
    group.size = size if size is not None else group.size
    group.save(update_fields=["spread", "size"])


def _member(content: Content) -> Member:
    return Member(content.pk, tuple(bytes.fromhex(v) for v in content.pdq_variants))


def _nearest(member: Member, others: Sequence[Member]) -> int | None:
    if not member.variants or not others:
        return None
    return min(distance_between(member, other) for other in others if other.variants)
