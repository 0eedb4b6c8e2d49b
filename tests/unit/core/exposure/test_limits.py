"""Reveals are refused past the daily, continuous and after-hours limits, saying when to resume."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from meldpunt.core.exposure.limits import (
    Allowed,
    RefusalReason,
    Refused,
    Standing,
    daily_totals,
    decide,
    standing,
)
from meldpunt.core.exposure.policy import ExposurePolicy
from meldpunt.core.exposure.viewings import Viewing, ViewingInvalid
from tests.support.hotline_clock import AMSTERDAM, local, minutes

BELGIAN = ExposurePolicy()  # 120 minutes a day, 60 at a time, then 15 minutes' break
IWF = ExposurePolicy(daily_minutes=300, session_minutes=60, no_viewing_after=time(16))
R = RefusalReason


def viewed(start: str, end: str) -> Viewing:
    """A viewing that ended, with the analyst active up to its end."""
    return Viewing(local(start), local(end), local(end))


def decided(policy: ExposurePolicy, viewings: list[Viewing], now: str) -> Allowed | Refused:
    return decide(policy, viewings, local(now), AMSTERDAM)


def test_an_analyst_who_has_seen_nothing_may_view_a_session_of_a_full_day():
    assert decided(BELGIAN, [], "2024-05-06 09:00") == Allowed(minutes(120), minutes(60))
    assert decided(BELGIAN, [], "2024-05-06 09:00").left == minutes(60)


def test_the_daily_limit_reached_exactly_refuses_until_the_next_local_day():
    day = [
        viewed("2024-05-06 08:00", "2024-05-06 09:00"),
        viewed("2024-05-06 10:00", "2024-05-06 11:00"),
    ]
    refused = decided(BELGIAN, day, "2024-05-06 12:00")
    assert refused == Refused(R.DAILY_LIMIT, local("2024-05-07 00:00"))
    assert refused.resume_at.tzinfo is UTC


def test_a_second_short_of_the_daily_limit_leaves_that_second():
    day = [
        viewed("2024-05-06 08:00", "2024-05-06 09:00"),
        viewed("2024-05-06 10:00", "2024-05-06 10:59:59"),
    ]
    assert decided(BELGIAN, day, "2024-05-06 12:00") == Allowed(timedelta(seconds=1), minutes(60))


def test_a_daily_limit_of_one_minute_refuses_once_the_minute_is_used():
    policy = ExposurePolicy(daily_minutes=1, session_minutes=1, reveal_minutes=1)
    reveal = Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:00"))
    assert decided(policy, [reveal], "2024-05-06 10:00:59") == Allowed(
        timedelta(seconds=1), timedelta(seconds=1)
    )
    refused = decided(policy, [reveal], "2024-05-06 10:01")
    assert refused == Refused(R.DAILY_LIMIT, local("2024-05-07 00:00"))


def test_an_hour_of_continuous_viewing_needs_a_break_from_when_viewing_stopped():
    hour = [viewed("2024-05-06 10:00", "2024-05-06 11:00")]
    assert decided(BELGIAN, hour, "2024-05-06 11:05") == Refused(
        R.SESSION_LIMIT, local("2024-05-06 11:15")
    )
    assert decided(BELGIAN, hour, "2024-05-06 11:14:59") == Refused(
        R.SESSION_LIMIT, local("2024-05-06 11:15")
    )
    assert decided(BELGIAN, hour, "2024-05-06 11:15") == Allowed(minutes(60), minutes(60))


def test_a_reveal_still_counting_pushes_the_break_on_with_it():
    open_hour = [Viewing(local("2024-05-06 10:00"), local("2024-05-06 11:00"))]
    refused = decided(BELGIAN, open_hour, "2024-05-06 11:00")
    assert refused == Refused(R.SESSION_LIMIT, local("2024-05-06 11:15"))


def test_a_break_of_the_full_length_starts_a_new_session():
    viewings = [
        viewed("2024-05-06 10:00", "2024-05-06 10:30"),
        viewed("2024-05-06 10:45", "2024-05-06 11:15"),
    ]
    assert decided(BELGIAN, viewings, "2024-05-06 11:15") == Allowed(minutes(60), minutes(30))


def test_a_break_a_second_short_does_not_count_as_one():
    viewings = [
        viewed("2024-05-06 10:00", "2024-05-06 10:30"),
        viewed("2024-05-06 10:44:59", "2024-05-06 11:14:59"),
    ]
    refused = decided(BELGIAN, viewings, "2024-05-06 11:15")
    assert refused == Refused(R.SESSION_LIMIT, local("2024-05-06 11:29:59"))


def test_short_pauses_are_not_viewing_but_do_not_reset_the_session():
    viewings = [
        viewed(f"2024-05-06 10:{m:02}", f"2024-05-06 10:{m + 5:02}") for m in range(0, 60, 10)
    ]
    assert standing(BELGIAN, viewings, local("2024-05-06 11:00"), AMSTERDAM).session == minutes(30)


def test_two_open_tabs_count_their_shared_time_once():
    tabs = [
        viewed("2024-05-06 10:00", "2024-05-06 10:40"),
        viewed("2024-05-06 10:20", "2024-05-06 10:40"),
    ]
    now = local("2024-05-06 10:40")
    assert standing(BELGIAN, tabs, now, AMSTERDAM) == Standing(
        minutes(40), minutes(40), minutes(80), minutes(20)
    )


def test_a_reveal_left_open_without_activity_counts_only_the_reveal_limit():
    forgotten = [Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:00"))]
    figures = standing(BELGIAN, forgotten, local("2024-05-06 17:00"), AMSTERDAM)
    assert figures.today == minutes(2)
    assert figures.session == timedelta(0)  # the break has long been taken


def test_standing_reports_today_the_session_and_what_is_left_of_each():
    viewings = [
        viewed("2024-05-06 08:00", "2024-05-06 08:30"),
        viewed("2024-05-06 09:00", "2024-05-06 09:20"),
    ]
    figures = standing(BELGIAN, viewings, local("2024-05-06 09:25"), AMSTERDAM)
    assert figures == Standing(minutes(50), minutes(20), minutes(70), minutes(40))


def test_continuous_viewing_does_not_restart_at_midnight_but_the_day_does():
    night = [viewed("2024-05-06 23:30", "2024-05-07 00:30")]
    assert decided(BELGIAN, night, "2024-05-07 00:30") == Refused(
        R.SESSION_LIMIT, local("2024-05-07 00:45")
    )
    assert standing(BELGIAN, night, local("2024-05-07 00:45"), AMSTERDAM).today == minutes(30)


def test_with_both_limits_reached_the_one_that_lasts_longest_is_named():
    policy = ExposurePolicy(daily_minutes=60, session_minutes=60)
    hour = [viewed("2024-05-06 10:00", "2024-05-06 11:00")]
    assert decided(policy, hour, "2024-05-06 11:00") == Refused(
        R.DAILY_LIMIT, local("2024-05-07 00:00")
    )


def test_a_break_that_runs_past_midnight_holds_viewing_after_the_daily_limit_ends():
    viewings = [
        viewed("2024-05-06 20:00", "2024-05-06 21:00"),
        viewed("2024-05-06 22:50", "2024-05-06 23:50"),
    ]
    assert decided(BELGIAN, viewings, "2024-05-06 23:50") == Refused(
        R.SESSION_LIMIT, local("2024-05-07 00:05")
    )


def test_no_viewing_from_the_cut_off_time_until_the_next_day():
    assert decided(IWF, [], "2024-05-06 15:59") == Allowed(minutes(1), minutes(60))
    assert decided(IWF, [], "2024-05-06 16:00") == Refused(R.AFTER_HOURS, local("2024-05-07 00:00"))
    assert decided(IWF, [], "2024-05-06 23:59") == Refused(R.AFTER_HOURS, local("2024-05-07 00:00"))
    assert decided(IWF, [], "2024-05-07 00:00") == Allowed(minutes(300), minutes(60))


def test_the_time_left_today_stops_at_the_cut_off():
    figures = standing(
        IWF, [viewed("2024-05-06 09:00", "2024-05-06 09:30")], local("2024-05-06 15:30"), AMSTERDAM
    )
    assert (figures.today, figures.today_left) == (minutes(30), minutes(30))


def test_a_break_that_would_end_after_the_cut_off_resumes_the_next_day():
    hour = [viewed("2024-05-06 14:58", "2024-05-06 15:58")]
    assert decided(IWF, hour, "2024-05-06 15:58") == Refused(
        R.SESSION_LIMIT, local("2024-05-07 00:00")
    )


def test_clocks_going_back_do_not_reopen_viewing_after_the_cut_off():
    policy = ExposurePolicy(no_viewing_after=time(2, 30))
    assert decided(policy, [], "2024-10-27 02:29") == Allowed(minutes(1), minutes(60))
    # 02:15 CET comes after 02:30 CEST: the cut-off has passed, whatever the clock shows
    refused = decided(policy, [], "2024-10-27 02:15 (second)")
    assert refused == Refused(R.AFTER_HOURS, local("2024-10-28 00:00"))


def test_the_hour_that_happens_twice_counts_twice_towards_the_day():
    policy = ExposurePolicy(daily_minutes=120, session_minutes=120)
    night = [
        Viewing(
            local("2024-10-27 01:30"),
            local("2024-10-27 02:30 (second)"),
            local("2024-10-27 02:30 (second)"),
        )
    ]
    refused = decided(policy, night, "2024-10-27 02:30 (second)")
    assert refused == Refused(R.DAILY_LIMIT, local("2024-10-28 00:00"))


def test_the_hour_that_never_happens_does_not_count():
    policy = ExposurePolicy(daily_minutes=120, session_minutes=120)
    night = [viewed("2024-03-31 01:30", "2024-03-31 03:30")]  # one hour by the watch
    assert decided(policy, night, "2024-03-31 03:30") == Allowed(minutes(60), minutes(60))


def test_the_day_after_a_long_day_starts_at_its_own_midnight():
    policy = ExposurePolicy(daily_minutes=60, session_minutes=60)
    refused = decided(policy, [viewed("2024-10-27 22:00", "2024-10-27 23:00")], "2024-10-27 23:00")
    assert refused.resume_at == datetime(2024, 10, 27, 23, 0, tzinfo=UTC)  # 00:00 CET


def test_daily_totals_split_at_midnight_and_leave_out_days_without_viewing():
    viewings = [
        viewed("2024-05-04 10:00", "2024-05-04 10:45"),
        viewed("2024-05-06 23:40", "2024-05-07 00:10"),
        Viewing(local("2024-05-07 09:00"), local("2024-05-07 09:01")),  # still open, quiet
    ]
    assert daily_totals(BELGIAN, viewings, local("2024-05-07 12:00"), AMSTERDAM) == {
        date(2024, 5, 4): minutes(45),
        date(2024, 5, 6): minutes(20),
        date(2024, 5, 7): minutes(13),
    }


@pytest.mark.parametrize("count", [decide, standing, daily_totals])
def test_a_now_without_a_zone_is_refused(count):
    with pytest.raises(ViewingInvalid, match="now must carry a time zone"):
        count(BELGIAN, [], datetime(2024, 5, 6, 10, 0), AMSTERDAM)
