"""Reveal steps go from the default blurred grey to full colour, each one further than the last."""

import pytest

from meldpunt.core.viewing.steps import DEFAULT_STEP, RevealStep, is_clear, next_step


def test_the_steps_go_in_reveal_order_not_alphabetical_order():
    assert sorted(RevealStep, reverse=True) == [
        RevealStep.COLOUR,
        RevealStep.SHARP_GREY,
        RevealStep.LESS_BLURRED,
        RevealStep.BLURRED,
    ]
    assert RevealStep.COLOUR > RevealStep.SHARP_GREY >= RevealStep.SHARP_GREY


def test_each_reveal_goes_one_step_further_until_colour():
    walked, step = [], DEFAULT_STEP
    while step is not None:
        walked.append(step)
        step = next_step(step)
    assert walked == list(RevealStep)


def test_only_the_default_needs_no_reveal():
    assert [step for step in RevealStep if not is_clear(step)] == [RevealStep.BLURRED]


def test_steps_are_named_in_urls_by_their_value():
    assert RevealStep("less_blurred") is RevealStep.LESS_BLURRED
    assert f"/derivative/{RevealStep.SHARP_GREY}" == "/derivative/sharp_grey"


def test_a_step_does_not_compare_with_plain_text():
    with pytest.raises(TypeError):
        assert RevealStep.BLURRED < "colour"


def test_each_step_shows_more_than_the_one_before():
    looks = [step.look for step in RevealStep]
    assert [look.blur for look in looks] == sorted((look.blur for look in looks), reverse=True)
    assert [look.max_edge for look in looks] == sorted(look.max_edge for look in looks)
    assert [look.grey for look in looks] == [True, True, True, False]
    assert all(look.max_edge <= 320 for look in looks[:2])
