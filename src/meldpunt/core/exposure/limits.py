"""Whether an analyst may reveal content now, how much viewing they have left, and when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from meldpunt.core.exposure.local_days import (
    day_start,
    first_instant_at,
    local_day,
    next_day_start,
    totals_per_day,
    viewed_within,
)
from meldpunt.core.exposure.policy import ExposurePolicy
from meldpunt.core.exposure.viewings import Span, Viewing, counted_union, require_aware

NOTHING = timedelta(0)


class RefusalReason(StrEnum):
    """The limit that stops a reveal."""

    DAILY_LIMIT = "daily_limit"
    SESSION_LIMIT = "session_limit"  # continuous viewing: a break is needed
    AFTER_HOURS = "after_hours"


@dataclass(frozen=True)
class Standing:
    """An analyst's viewing so far and what the policy leaves of it, at one instant."""

    today: timedelta  # counted on the hotline's local day
    session: timedelta  # continuous viewing since the last full break; zero after one
    today_left: timedelta  # to the daily limit, or to the no-viewing-after time if sooner
    session_left: timedelta  # to the continuous viewing limit


@dataclass(frozen=True)
class Allowed:
    """The reveal may go ahead; the time left is for the viewer to show."""

    today_left: timedelta
    session_left: timedelta

    @property
    def left(self) -> timedelta:
        """Viewing left before the next refusal, if the analyst views without a pause."""
        return min(self.today_left, self.session_left)


@dataclass(frozen=True)
class Refused:
    """The reveal is refused: why, and the first instant (UTC) at which viewing may resume."""

    reason: RefusalReason
    resume_at: datetime


def standing(
    policy: ExposurePolicy, viewings: Iterable[Viewing], now: datetime, zone: ZoneInfo
) -> Standing:
    """The analyst's standing now, from their viewings (of one analyst, any order)."""
    now = require_aware("now", now)
    return _standing_at(policy, counted_union(viewings, policy.reveal_limit, now), now, zone)


def decide(
    policy: ExposurePolicy, viewings: Iterable[Viewing], now: datetime, zone: ZoneInfo
) -> Allowed | Refused:
    """Whether the analyst may reveal an item now.

    When several limits refuse, the reason is the one that holds viewing back longest (the
    daily limit first among equals), and `resume_at` is when no limit refuses any more,
    counting the viewing so far as stopped now: a break that ends after the no-viewing-after
    time resumes the next day.
    """
    now = require_aware("now", now)
    spans = counted_union(viewings, policy.reveal_limit, now)
    refusals = _refusals(policy, spans, now, zone)
    if not refusals:
        standing_now = _standing_at(policy, spans, now, zone)
        return Allowed(standing_now.today_left, standing_now.session_left)
    reason = max(refusals, key=refusals.__getitem__)
    return Refused(reason, _resume_at(policy, spans, now, zone))


def daily_totals(
    policy: ExposurePolicy, viewings: Iterable[Viewing], now: datetime, zone: ZoneInfo
) -> dict[date, timedelta]:
    """One analyst's viewing per local day, in date order; days without viewing are left out."""
    now = require_aware("now", now)
    return totals_per_day(counted_union(viewings, policy.reveal_limit, now), zone)


def _standing_at(
    policy: ExposurePolicy, spans: Sequence[Span], now: datetime, zone: ZoneInfo
) -> Standing:
    today = _viewed_today(spans, now, zone)
    session, _ = _session(spans, policy.break_length, now)
    today_left = max(policy.daily_limit - today, NOTHING)
    cut_off = _cut_off(policy, now, zone)
    if cut_off is not None:
        today_left = min(today_left, max(cut_off - now, NOTHING))
    return Standing(today, session, today_left, max(policy.session_limit - session, NOTHING))


def _refusals(
    policy: ExposurePolicy, spans: Sequence[Span], at: datetime, zone: ZoneInfo
) -> dict[RefusalReason, datetime]:
    # Inserted in order of precedence: `decide` takes the first of equally long refusals.
    refusals = {}
    if _viewed_today(spans, at, zone) >= policy.daily_limit:
        refusals[RefusalReason.DAILY_LIMIT] = next_day_start(at, zone)
    session, stopped_at = _session(spans, policy.break_length, at)
    if stopped_at is not None and session >= policy.session_limit:
        refusals[RefusalReason.SESSION_LIMIT] = stopped_at + policy.break_length
    cut_off = _cut_off(policy, at, zone)
    if cut_off is not None and at >= cut_off:
        refusals[RefusalReason.AFTER_HOURS] = next_day_start(at, zone)
    return refusals


def _resume_at(
    policy: ExposurePolicy, spans: Sequence[Span], now: datetime, zone: ZoneInfo
) -> datetime:
    # Each refusal ends strictly later than the instant it is found at, and none outlasts the
    # next local day once the viewing so far (which ends by `now`) is a break behind.
    at = now
    while refusals := _refusals(policy, spans, at, zone):
        at = max(refusals.values())
    return at


def _viewed_today(spans: Sequence[Span], at: datetime, zone: ZoneInfo) -> timedelta:
    return viewed_within(spans, day_start(local_day(at, zone), zone), next_day_start(at, zone))


def _session(
    spans: Sequence[Span], break_length: timedelta, at: datetime
) -> tuple[timedelta, datetime | None]:
    """Viewing since the last gap of a full break, and when it stopped; none after a break."""
    if not spans or at - spans[-1].end >= break_length:
        return NOTHING, None
    viewed = spans[-1].duration
    for earlier, later in zip(spans[-2::-1], spans[::-1], strict=False):
        if later.start - earlier.end >= break_length:
            break
        viewed += earlier.duration
    return viewed, spans[-1].end


def _cut_off(policy: ExposurePolicy, at: datetime, zone: ZoneInfo) -> datetime | None:
    if policy.no_viewing_after is None:
        return None
    return first_instant_at(local_day(at, zone), policy.no_viewing_after, zone)
