"""Local days through daylight-saving changes, and viewing split at each local midnight."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from meldpunt.core.exposure.local_days import (
    day_start,
    first_instant_at,
    local_day,
    next_day_start,
    totals_per_day,
    viewed_within,
)
from meldpunt.core.exposure.viewings import Span
from tests.support.hotline_clock import AMSTERDAM, local

SANTIAGO = ZoneInfo("America/Santiago")  # Chile moves its clocks at midnight
APIA = ZoneInfo("Pacific/Apia")  # Samoa skipped 30 December 2011 entirely


def utc(*fields: int) -> datetime:
    return datetime(*fields, tzinfo=UTC)


def day_length(day: date, zone: ZoneInfo) -> timedelta:
    return day_start(day + timedelta(days=1), zone) - day_start(day, zone)


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2024, 3, 31), 23), (date(2024, 10, 27), 25), (date(2024, 5, 6), 24)],
)
def test_amsterdam_days_last_23_or_25_hours_when_the_clocks_change(day, hours):
    assert day_length(day, AMSTERDAM) == timedelta(hours=hours)


def test_a_day_starts_at_local_midnight_in_utc():
    assert day_start(date(2024, 3, 31), AMSTERDAM) == utc(2024, 3, 30, 23)
    assert day_start(date(2024, 4, 1), AMSTERDAM) == utc(2024, 3, 31, 22)
    assert day_start(date(2024, 3, 31), AMSTERDAM).tzinfo is UTC


def test_a_day_whose_midnight_is_skipped_starts_when_the_clocks_jump():
    start = day_start(date(2024, 9, 8), SANTIAGO)  # 00:00 -04 became 01:00 -03
    assert start == utc(2024, 9, 8, 4)
    assert start.astimezone(SANTIAGO).time() == time(1, 0)
    assert day_length(date(2024, 9, 8), SANTIAGO) == timedelta(hours=23)


def test_the_day_before_clocks_go_back_at_midnight_is_25_hours_long():
    assert day_length(date(2024, 4, 6), SANTIAGO) == timedelta(hours=25)


def test_a_skipped_day_lasts_no_time_and_the_next_day_follows_at_once():
    assert day_length(date(2011, 12, 30), APIA) == timedelta(0)
    assert day_start(date(2011, 12, 30), APIA) == day_start(date(2011, 12, 31), APIA)
    assert next_day_start(utc(2011, 12, 30, 9, 59), APIA) == utc(2011, 12, 30, 10)


def test_a_clock_time_that_never_happens_begins_when_the_clocks_jump_past_it():
    cut_off = first_instant_at(date(2024, 3, 31), time(2, 30), AMSTERDAM)
    assert cut_off == utc(2024, 3, 31, 1)  # 02:00 CET became 03:00 CEST
    assert cut_off.astimezone(AMSTERDAM).time() == time(3, 0)


def test_a_clock_time_that_happens_twice_begins_at_its_first_occurrence():
    cut_off = first_instant_at(date(2024, 10, 27), time(2, 30), AMSTERDAM)
    assert cut_off == utc(2024, 10, 27, 0, 30)  # 02:30 CEST, not the later 02:30 CET


def test_the_local_day_of_an_instant_follows_the_local_clock():
    assert local_day(utc(2024, 5, 6, 21, 59), AMSTERDAM) == date(2024, 5, 6)
    assert local_day(utc(2024, 5, 6, 22, 0), AMSTERDAM) == date(2024, 5, 7)


def test_the_next_day_starts_at_the_next_local_midnight():
    assert next_day_start(local("2024-05-06 23:59"), AMSTERDAM) == local("2024-05-07 00:00")
    assert next_day_start(local("2024-05-06 00:00"), AMSTERDAM) == local("2024-05-07 00:00")


def test_viewing_across_midnight_splits_between_the_days():
    span = Span(
        local("2024-05-06 23:50").astimezone(UTC), local("2024-05-07 00:20").astimezone(UTC)
    )
    assert totals_per_day([span], AMSTERDAM) == {
        date(2024, 5, 6): timedelta(minutes=10),
        date(2024, 5, 7): timedelta(minutes=20),
    }


def test_viewing_through_a_whole_short_day_counts_the_day_as_23_hours():
    span = Span(utc(2024, 3, 30, 22), utc(2024, 4, 1, 0))
    assert totals_per_day([span], AMSTERDAM) == {
        date(2024, 3, 30): timedelta(hours=1),
        date(2024, 3, 31): timedelta(hours=23),
        date(2024, 4, 1): timedelta(hours=2),
    }


def test_an_hour_viewed_while_the_clocks_go_back_counts_as_the_hour_it_was():
    # 02:30 CEST to 02:30 CET: the clock shows no time passing, the analyst lived an hour
    span = Span(
        local("2024-10-27 02:30").astimezone(UTC),
        local("2024-10-27 02:30 (second)").astimezone(UTC),
    )
    assert totals_per_day([span], AMSTERDAM) == {date(2024, 10, 27): timedelta(hours=1)}


def test_viewing_over_a_skipped_day_goes_to_the_days_that_happened():
    span = Span(utc(2011, 12, 30, 9), utc(2011, 12, 30, 11))
    assert totals_per_day([span], APIA) == {
        date(2011, 12, 29): timedelta(hours=1),
        date(2011, 12, 31): timedelta(hours=1),
    }


def test_viewed_within_counts_only_the_part_inside():
    spans = [
        Span(utc(2024, 5, 6, 8), utc(2024, 5, 6, 9)),
        Span(utc(2024, 5, 6, 10), utc(2024, 5, 6, 11)),
    ]
    assert viewed_within(spans, utc(2024, 5, 6, 8, 30), utc(2024, 5, 6, 10, 15)) == timedelta(
        minutes=45
    )
    assert viewed_within(spans, utc(2024, 5, 6, 12), utc(2024, 5, 6, 13)) == timedelta(0)
