"""Exposure policy: sensible defaults, and limits that could not protect anyone are refused."""

from datetime import UTC, time, timedelta

import pytest

from meldpunt.core.exposure.policy import ExposurePolicy, PolicyInvalid


def test_the_defaults_are_two_hours_a_day_an_hour_at_a_time_then_a_quarter_hour_break():
    policy = ExposurePolicy()
    assert policy.daily_limit == timedelta(hours=2)
    assert policy.session_limit == timedelta(hours=1)
    assert policy.break_length == timedelta(minutes=15)
    assert policy.reveal_limit == timedelta(minutes=2)
    assert policy.no_viewing_after is None


def test_the_iwf_practice_is_a_valid_policy():
    policy = ExposurePolicy(daily_minutes=300, session_minutes=60, no_viewing_after=time(16))
    assert policy.daily_limit == timedelta(hours=5)
    assert policy.no_viewing_after == time(16)


def test_a_whole_day_and_a_session_as_long_as_the_day_are_allowed():
    assert ExposurePolicy(daily_minutes=1440, session_minutes=1440, break_minutes=1439)


@pytest.mark.parametrize(
    "name", ["daily_minutes", "session_minutes", "break_minutes", "reveal_minutes"]
)
@pytest.mark.parametrize("value", [0, -5, 1.5, True, "60"])
def test_every_length_is_a_whole_number_of_minutes_above_zero(name, value):
    with pytest.raises(PolicyInvalid, match=f"{name} must be a whole number of minutes above zero"):
        ExposurePolicy(**{name: value})


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"daily_minutes": 1441}, r"daily_minutes \(1441\) cannot exceed a day \(1440\)"),
        ({"session_minutes": 121}, r"session_minutes \(121\) cannot exceed daily_minutes \(120\)"),
        ({"break_minutes": 1440}, r"break_minutes \(1440\) must be shorter than a day"),
        ({"session_minutes": 1, "reveal_minutes": 2}, r"reveal_minutes \(2\) cannot exceed"),
        ({"no_viewing_after": time(0, 0)}, "would allow no viewing at all"),
        ({"no_viewing_after": time(16, tzinfo=UTC)}, "carries no zone itself"),
        ({"no_viewing_after": "16:00"}, "must be a time of day"),
    ],
)
def test_limits_that_contradict_each_other_are_refused_with_the_reason(fields, message):
    with pytest.raises(PolicyInvalid, match=message):
        ExposurePolicy(**fields)


def test_every_problem_is_named_at_once():
    with pytest.raises(PolicyInvalid) as refused:
        ExposurePolicy(daily_minutes=0, break_minutes=-1, no_viewing_after=time(0))
    problems = refused.value.problems
    assert [(p.code, p.field) for p in problems] == [
        ("not_positive", "daily_minutes"),
        ("not_positive", "break_minutes"),
        ("midnight", "no_viewing_after"),
    ]
    assert str(refused.value) == "; ".join(str(p) for p in problems)


def test_a_policy_cannot_be_changed_once_made():
    policy = ExposurePolicy()
    with pytest.raises(AttributeError):
        policy.daily_minutes = 600
