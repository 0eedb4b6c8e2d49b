"""A viewing counts from its reveal until it ends, goes quiet for too long, or now."""

from datetime import UTC, datetime

import pytest

from meldpunt.core.exposure.viewings import Span, Viewing, ViewingInvalid, counted_union
from tests.support.hotline_clock import local, minutes

REVEAL = minutes(2)


def span_minutes(viewing: Viewing, now: str) -> float:
    return viewing.counted_span(REVEAL, local(now)).duration / minutes(1)


def test_an_ended_viewing_counts_from_reveal_to_its_end():
    viewing = Viewing(
        local("2024-05-06 10:00"), local("2024-05-06 10:04"), local("2024-05-06 10:05")
    )
    assert span_minutes(viewing, "2024-05-06 12:00") == 5


def test_an_open_viewing_counts_up_to_now_while_activity_renews_it():
    viewing = Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:09"))
    assert span_minutes(viewing, "2024-05-06 10:10") == 10


def test_an_open_viewing_without_activity_stops_counting_after_the_reveal_limit():
    viewing = Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:00"))
    assert span_minutes(viewing, "2024-05-06 10:01") == 1
    assert span_minutes(viewing, "2024-05-06 10:02") == 2
    assert span_minutes(viewing, "2024-05-06 18:00") == 2


def test_a_viewing_ended_long_after_its_last_activity_counts_only_the_reveal_limit_past_it():
    viewing = Viewing(
        local("2024-05-06 10:00"), local("2024-05-06 10:03"), local("2024-05-06 11:00")
    )
    assert span_minutes(viewing, "2024-05-06 12:00") == 5


def test_a_viewing_that_starts_after_now_counts_nothing_yet():
    viewing = Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:00"))
    assert span_minutes(viewing, "2024-05-06 09:59") == 0


def test_the_span_is_in_utc_whatever_zone_the_times_came_in():
    viewing = Viewing(
        local("2024-05-06 10:00"), local("2024-05-06 10:01"), local("2024-05-06 10:01")
    )
    span = viewing.counted_span(REVEAL, local("2024-05-06 11:00"))
    assert span == Span(
        datetime(2024, 5, 6, 8, 0, tzinfo=UTC), datetime(2024, 5, 6, 8, 1, tzinfo=UTC)
    )
    assert span.start.tzinfo is UTC


def test_activity_before_the_reveal_is_refused():
    with pytest.raises(ViewingInvalid, match="last_activity_at comes before started_at"):
        Viewing(local("2024-05-06 10:05"), local("2024-05-06 10:00"))


def test_an_end_before_the_last_activity_is_refused():
    with pytest.raises(ViewingInvalid, match="ended_at comes before last_activity_at"):
        Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:05"), local("2024-05-06 10:04"))


@pytest.mark.parametrize("field", ["started_at", "last_activity_at", "ended_at"])
def test_a_time_without_a_zone_is_refused(field):
    times = dict.fromkeys(("started_at", "last_activity_at", "ended_at"), local("2024-05-06 10:00"))
    times[field] = datetime(2024, 5, 6, 10, 0)
    with pytest.raises(ViewingInvalid, match=f"{field} must carry a time zone"):
        Viewing(**times)


def test_counting_with_a_naive_now_is_refused():
    viewing = Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:00"))
    with pytest.raises(ViewingInvalid, match="now must carry a time zone"):
        viewing.counted_span(REVEAL, datetime(2024, 5, 6, 10, 1))


def test_two_open_tabs_count_once():
    now = local("2024-05-06 10:30")
    first = Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:29"))
    second = Viewing(local("2024-05-06 10:10"), local("2024-05-06 10:29"))
    (union,) = counted_union([second, first], REVEAL, now)
    assert union.duration == minutes(30)


def test_viewings_apart_stay_apart_in_time_order_and_empty_ones_drop_out():
    now = local("2024-05-06 12:00")
    later = Viewing(local("2024-05-06 11:00"), local("2024-05-06 11:00"), local("2024-05-06 11:01"))
    earlier = Viewing(
        local("2024-05-06 10:00"), local("2024-05-06 10:00"), local("2024-05-06 10:02")
    )
    empty = Viewing(local("2024-05-06 10:30"), local("2024-05-06 10:30"), local("2024-05-06 10:30"))
    union = counted_union([later, empty, earlier], REVEAL, now)
    assert [span.duration for span in union] == [minutes(2), minutes(1)]
    assert union[0].start < union[1].start


def test_viewings_that_touch_merge_into_one():
    now = local("2024-05-06 12:00")
    first = Viewing(local("2024-05-06 10:00"), local("2024-05-06 10:01"), local("2024-05-06 10:01"))
    second = Viewing(
        local("2024-05-06 10:01"), local("2024-05-06 10:02"), local("2024-05-06 10:02")
    )
    assert len(counted_union([first, second], REVEAL, now)) == 1
