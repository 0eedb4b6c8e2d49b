"""Properties over random viewings across clock changes: counting never invents or loses time."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from meldpunt.core.exposure.limits import Allowed, Refused, daily_totals, decide, standing
from meldpunt.core.exposure.local_days import day_start
from meldpunt.core.exposure.policy import ExposurePolicy
from meldpunt.core.exposure.viewings import Viewing

ZONES = [ZoneInfo(name) for name in ("Europe/Amsterdam", "America/Santiago", "UTC", "Asia/Kolkata")]
# Nights on which Amsterdam or Santiago changed their clocks, and an ordinary one
STARTS = [datetime(2024, 10, 26, 18, tzinfo=UTC), datetime(2024, 3, 30, 18, tzinfo=UTC)]
STARTS += [datetime(2024, 9, 7, 18, tzinfo=UTC), datetime(2024, 5, 6, 18, tzinfo=UTC)]
TWO_DAYS = 2 * 24 * 3600


@st.composite
def policies(draw: st.DrawFn) -> ExposurePolicy:
    daily = draw(st.integers(1, 600))
    session = draw(st.integers(1, daily))
    cut_off = draw(st.none() | st.times(min_value=time(0, 1), max_value=time(23, 59)))
    return ExposurePolicy(
        daily_minutes=daily,
        session_minutes=session,
        break_minutes=draw(st.integers(1, 120)),
        no_viewing_after=cut_off,
        reveal_minutes=draw(st.integers(1, min(session, 10))),
    )


@st.composite
def viewings(draw: st.DrawFn, base: datetime, closed: bool = False) -> Viewing:
    start = base + timedelta(seconds=draw(st.integers(0, TWO_DAYS)))
    length = timedelta(seconds=draw(st.integers(0, 3 * 3600)))
    active = start + timedelta(seconds=draw(st.integers(0, int(length.total_seconds()))))
    ended = closed or draw(st.booleans())
    return Viewing(start, active, start + length if ended else None)


@st.composite
def histories(draw: st.DrawFn, closed: bool = False) -> tuple[datetime, list[Viewing], datetime]:
    """A base instant, viewings after it, and a `now` after them all when they are closed."""
    base = draw(st.sampled_from(STARTS))
    seen = draw(st.lists(viewings(base, closed), max_size=12))
    last = max((v.ended_at or v.started_at for v in seen), default=base)
    extra = draw(st.integers(0 if closed else -TWO_DAYS, TWO_DAYS))
    return base, seen, max(last, base) + timedelta(seconds=extra)


@settings(max_examples=200, deadline=None)
@given(policies(), histories(), st.sampled_from(ZONES))
def test_the_day_totals_never_exceed_the_wall_clock_union_or_the_days(policy, history, zone):
    _, seen, now = history
    spans = [v.counted_span(policy.reveal_limit, now) for v in seen]
    totals = daily_totals(policy, seen, now, zone)
    total = sum(totals.values(), timedelta(0))
    counted = [s for s in spans if s.duration]
    if counted:
        wall_clock = max(s.end for s in counted) - min(s.start for s in counted)
        assert (
            max(s.duration for s in counted)
            <= total
            <= min(wall_clock, sum((s.duration for s in counted), timedelta(0)))
        )
    else:
        assert totals == {}
    for day, viewed in totals.items():
        assert (
            timedelta(0) < viewed <= day_start(day + timedelta(days=1), zone) - day_start(day, zone)
        )


@settings(max_examples=200, deadline=None)
@given(policies(), histories(), st.sampled_from(ZONES), st.sampled_from(ZONES))
def test_the_time_counted_is_the_same_in_every_zone(policy, history, zone, other):
    _, seen, now = history
    in_zone = sum(daily_totals(policy, seen, now, zone).values(), timedelta(0))
    assert in_zone == sum(daily_totals(policy, seen, now, other).values(), timedelta(0))


@settings(max_examples=200, deadline=None)
@given(policies(), histories(), st.sampled_from(ZONES))
def test_a_decision_agrees_with_the_standing(policy, history, zone):
    _, seen, now = history
    figures = standing(policy, seen, now, zone)
    decision = decide(policy, seen, now, zone)
    assert figures.today_left <= max(policy.daily_limit - figures.today, timedelta(0))
    assert figures.session_left == max(policy.session_limit - figures.session, timedelta(0))
    if isinstance(decision, Allowed):
        assert (decision.today_left, decision.session_left) == (
            figures.today_left,
            figures.session_left,
        )
        assert figures.today < policy.daily_limit and figures.session < policy.session_limit
        assert decision.left > timedelta(0)
    else:
        assert decision.resume_at > now


@settings(max_examples=200, deadline=None)
@given(policies(), histories(closed=True), st.sampled_from(ZONES))
def test_viewing_resumes_exactly_at_the_time_given(policy, history, zone):
    _, seen, now = history
    decision = decide(policy, seen, now, zone)
    if isinstance(decision, Refused):
        assert isinstance(decide(policy, seen, decision.resume_at, zone), Allowed)
        just_before = decision.resume_at - timedelta(microseconds=1)
        assert isinstance(decide(policy, seen, just_before, zone), Refused)


@settings(max_examples=200, deadline=None)
@given(policies(), histories(), st.sampled_from(ZONES), st.data())
def test_more_viewing_never_lifts_a_limit(policy, history, zone, data):
    base, seen, now = history
    more = [*seen, data.draw(viewings(base))]
    before, after = standing(policy, seen, now, zone), standing(policy, more, now, zone)
    assert after.today >= before.today and after.session >= before.session
    if isinstance(decide(policy, seen, now, zone), Refused):
        refused = decide(policy, more, now, zone)
        assert isinstance(refused, Refused)
        assert refused.resume_at >= decide(policy, seen, now, zone).resume_at
