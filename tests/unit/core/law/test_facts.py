"""The fact space: every combination an analyst can record, and facts read from their values."""

import pytest

from meldpunt.core.law.facts import (
    AgeBand,
    Facts,
    Medium,
    Realism,
    SexualContent,
    every_combination,
)


def test_every_combination_is_the_whole_fact_space_once():
    combinations = list(every_combination())
    assert len(combinations) == 240 == len(set(combinations))
    assert Facts(AgeBand.UNKNOWN, Realism.DRAWN, SexualContent.NONE, Medium.AUDIO) in combinations


def test_facts_are_read_from_their_values_and_unknown_values_are_refused():
    facts = Facts.of("pubescent", "realistic_virtual", "genital_posing", "video")
    assert facts == Facts(
        AgeBand.PUBESCENT, Realism.REALISTIC_VIRTUAL, SexualContent.GENITAL_POSING, Medium.VIDEO
    )
    assert (
        str(facts) == "age=pubescent realism=realistic_virtual sexual=genital_posing medium=video"
    )
    with pytest.raises(ValueError, match="'teen'"):
        Facts.of("teen", "real", "activity", "image")
