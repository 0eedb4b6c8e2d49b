"""Viewings: the time one reveal counts, and the union of an analyst's viewings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


class ViewingInvalid(ValueError):
    """A viewing's times are out of order, or a time given to count with carries no zone."""


def require_aware(name: str, instant: datetime) -> datetime:
    """The instant in UTC; refused without a zone, since a naive time has no place in a day."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ViewingInvalid(f"{name} must carry a time zone")
    return instant.astimezone(UTC)


@dataclass(frozen=True)
class Span:
    """A stretch of time in UTC, from `start` up to (not including) `end`."""

    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        """How long the stretch lasts; zero for an empty one."""
        return max(self.end - self.start, timedelta(0))


@dataclass(frozen=True)
class Viewing:
    """One reveal of one item: from the reveal, renewed by activity, until hidden or moved on."""

    started_at: datetime
    last_activity_at: datetime
    ended_at: datetime | None = None  # None while the item is still shown

    def __post_init__(self) -> None:
        started = require_aware("started_at", self.started_at)
        active = require_aware("last_activity_at", self.last_activity_at)
        if active < started:
            raise ViewingInvalid("last_activity_at comes before started_at")
        if self.ended_at is not None and require_aware("ended_at", self.ended_at) < active:
            raise ViewingInvalid("ended_at comes before last_activity_at")

    def counted_span(self, reveal_limit: timedelta, now: datetime) -> Span:
        """The time this viewing counts: until it ended, went quiet for too long, or now."""
        return self._counted(reveal_limit, require_aware("now", now))

    def _counted(self, reveal_limit: timedelta, now: datetime) -> Span:
        start = self.started_at.astimezone(UTC)
        end = min(self.last_activity_at.astimezone(UTC) + reveal_limit, now)
        if self.ended_at is not None:
            end = min(end, self.ended_at.astimezone(UTC))
        return Span(start, max(start, end))


def counted_union(
    viewings: Iterable[Viewing], reveal_limit: timedelta, now: datetime
) -> tuple[Span, ...]:
    """The counted spans merged where they overlap, in time order: two open tabs count once."""
    now = require_aware("now", now)
    spans = sorted(
        (span for v in viewings if (span := v._counted(reveal_limit, now)).end > span.start),
        key=lambda span: span.start,
    )
    merged: list[Span] = []
    for span in spans:
        if merged and span.start <= merged[-1].end:
            merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return tuple(merged)
