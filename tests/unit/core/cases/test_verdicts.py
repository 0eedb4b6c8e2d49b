"""The verdicts a standing positive-list match implies, and which match says most."""

import pytest

from meldpunt.core.cases.verdicts import (
    LIST_RULES_VERSION,
    Baseline,
    Classification,
    Legality,
    VerdictDraft,
    VerdictSource,
    strongest_classification,
    verdicts_from_list,
)


@pytest.mark.parametrize(
    ("listed", "baseline", "iccam"),
    [
        ("baseline", Baseline.YES, Classification.BASELINE),
        ("A1", Baseline.YES, Classification.BASELINE),
        ("A2", Baseline.DOUBTFUL, Classification.NATIONAL),
        ("national", Baseline.NO, Classification.NATIONAL),
        ("B1", Baseline.NO, Classification.NATIONAL),
        ("B2", Baseline.NO, Classification.NATIONAL),
        (None, Baseline.DOUBTFUL, Classification.NATIONAL),
    ],
)
def test_a_list_match_is_illegal_at_home_with_the_baseline_its_class_carries(
    listed, baseline, iccam
):
    assert verdicts_from_list(listed, "BE") == [
        VerdictDraft(
            jurisdiction="BE",
            legality=Legality.ILLEGAL,
            baseline=baseline,
            classification=iccam,
            source=VerdictSource.LIST_MATCH,
            rule_version=LIST_RULES_VERSION,
        )
    ]


def test_the_verdict_is_for_the_hotlines_own_country_only():
    (verdict,) = verdicts_from_list("B1", "NL")
    assert verdict.jurisdiction == "NL"
    assert LIST_RULES_VERSION == "list-classification/1"


@pytest.mark.parametrize("listed", ["A3", "a1", "", "not_illegal"])
def test_an_unknown_list_classification_is_refused(listed):
    with pytest.raises(ValueError, match="unknown list classification"):
        verdicts_from_list(listed, "NL")


@pytest.mark.parametrize(
    ("classifications", "strongest"),
    [
        (["national", "B2", "B1", "A2", "A1", "baseline"], "baseline"),
        (["national", "A1", "B1"], "A1"),
        (["B2", "A2", None], "A2"),
        (["national", "B2", "B1"], "B1"),
        (["national", "B2"], "B2"),
        ([None, "national"], "national"),
        ([None, None], None),
        ([], None),
        (["A3", None], None),  # an unknown class says nothing
    ],
)
def test_the_strongest_classification_says_most(classifications, strongest):
    assert strongest_classification(classifications) == strongest
