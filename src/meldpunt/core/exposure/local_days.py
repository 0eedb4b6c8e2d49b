"""The hotline's local days in UTC instants, through daylight-saving changes, and totals per day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from meldpunt.core.exposure.viewings import Span

MIDNIGHT = time(0, 0)
ONE_MICROSECOND = timedelta(microseconds=1)


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    """The date the hotline's clocks show at this instant."""
    return instant.astimezone(zone).date()


def first_instant_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) at which the local clock on `day` shows `at` or later.

    A clock time that happens twice (clocks put back) counts from its first occurrence; one
    that never happens (clocks put forward over it) from the moment the clocks jump past it.
    """
    wall = datetime.combine(day, at)
    # fold=0 reads the clock time with the offset in force before a change, fold=1 after it
    as_before = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    as_after = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if as_before <= as_after:  # an ordinary time, or the first of a repeated one
        return as_before
    return _clock_jump(as_after, as_before, wall, zone)  # a skipped time


def _clock_jump(before: datetime, after: datetime, wall: datetime, zone: ZoneInfo) -> datetime:
    # In a gap zoneinfo offers one instant on each side of the jump, so the jump lies between
    # them; the local clock only moves forward there, which a binary search can rely on.
    while after - before > ONE_MICROSECOND:
        middle = before + (after - before) / 2
        if middle.astimezone(zone).replace(tzinfo=None) >= wall:
            after = middle
        else:
            before = middle
    return after


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) of the local day."""
    return first_instant_at(day, MIDNIGHT, zone)


def next_day_start(instant: datetime, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) of the local day after the one this instant falls on."""
    return day_start(local_day(instant, zone) + timedelta(days=1), zone)


def viewed_within(spans: Iterable[Span], start: datetime, end: datetime) -> timedelta:
    """How much of the spans (disjoint, in time order) falls between `start` and `end`."""
    viewed = timedelta(0)
    for span in spans:
        if span.start >= end:
            break
        if span.end > start:
            viewed += min(span.end, end) - max(span.start, start)
    return viewed


def totals_per_day(spans: Iterable[Span], zone: ZoneInfo) -> dict[date, timedelta]:
    """The spans (disjoint, in time order) summed per local day, split at each local midnight."""
    totals: dict[date, timedelta] = {}
    day, next_day = date.min, datetime.min.replace(tzinfo=UTC)
    for span in spans:
        start = span.start
        while start < span.end:
            if start >= next_day:  # in time order, so only a later day can begin
                day = local_day(start, zone)
                next_day = day_start(day + timedelta(days=1), zone)
            cut = min(span.end, next_day)
            totals[day] = totals.get(day, timedelta(0)) + (cut - start)
            start = cut
    return totals
