"""Evaluating facts under the shipped law: the rows of DOMAIN.md's table, the rules every
jurisdiction shares, ICCAM's classification, and the explanation in words."""

import dataclasses

import pytest

from meldpunt.core.cases.verdicts import Baseline, Classification, Legality
from meldpunt.core.law.evaluation import UnknownJurisdiction, iccam_classification
from meldpunt.core.law.explaining import explain
from meldpunt.core.law.facts import (
    AgeBand,
    Facts,
    Medium,
    Realism,
    SexualContent,
    every_combination,
)
from meldpunt.core.law.lawsets import shipped_law

ILL, NOT, DBT = "illegal", "not_illegal", "doubtful"
DEFAULT = Facts.of("prepubescent", "real", "activity", "image")  # the table's default column

# DOMAIN.md, "4. Assess". Conditional cells are doubtful where the facts cannot settle the
# condition: UK "illegal if the s.62 test is met" and US "only if obscene" (drawings). Where
# the recorded fact is the condition they are illegal: US "illegal if indistinguishable" (a
# realistic computer-made image is one an ordinary viewer takes for real) and US "illegal if
# lascivious" (genital posing is recorded only when it is sexual: industry category A2/B2).
TABLE = [
    ("default", {}, (ILL, ILL, ILL, ILL), "yes"),
    ("apparent age 13-17", {"age": AgeBand.PUBESCENT}, (ILL, ILL, ILL, ILL), "no"),
    ("realistic computer-made", {"realism": Realism.REALISTIC_VIRTUAL}, (ILL, ILL, ILL, ILL), "no"),
    ("drawn / cartoon", {"realism": Realism.DRAWN}, (NOT, DBT, DBT, DBT), "no"),
    (
        "posing with genital focus",
        {"sexual": SexualContent.GENITAL_POSING},
        (ILL, ILL, ILL, ILL),
        "doubtful",
    ),
    ("non-sexual nudity", {"sexual": SexualContent.NONSEXUAL_NUDITY}, (NOT, NOT, DBT, NOT), "no"),
    ("text", {"medium": Medium.TEXT}, (NOT, DBT, NOT, NOT), "no"),
    ("audio", {"medium": Medium.AUDIO}, (NOT, DBT, NOT, NOT), "no"),
    (
        "infant, video",
        {"age": AgeBand.INFANT_TODDLER, "medium": Medium.VIDEO},
        (ILL, ILL, ILL, ILL),
        "yes",
    ),
]


@pytest.mark.parametrize(
    ("row", "change", "verdicts", "baseline"), TABLE, ids=[r[0] for r in TABLE]
)
def test_each_row_of_the_domain_table(row, change, verdicts, baseline):
    evaluation = shipped_law().evaluate(dataclasses.replace(DEFAULT, **change), "NL")
    got = tuple(evaluation.jurisdictions[code].outcome for code in ("NL", "BE", "UK", "US"))
    assert got == verdicts
    assert evaluation.baseline.outcome == baseline


def _every_evaluation():
    law = shipped_law()
    return [law.evaluate(facts, "NL") for facts in every_combination()]


def test_adults_are_never_illegal_and_never_baseline():
    for evaluation in _every_evaluation():
        if evaluation.facts.age is AgeBand.ADULT:
            assert {d.outcome for d in evaluation.jurisdictions.values()} == {Legality.NOT_ILLEGAL}
            assert evaluation.baseline.outcome is Baseline.NO


def test_an_age_that_cannot_be_told_is_doubtful_wherever_a_child_would_not_be_cleared():
    law = shipped_law()
    for facts in every_combination():
        if facts.age is not AgeBand.UNKNOWN:
            continue
        unknown = law.evaluate(facts, "NL")
        children = [
            law.evaluate(dataclasses.replace(facts, age=age), "NL")
            for age in (AgeBand.INFANT_TODDLER, AgeBand.PREPUBESCENT, AgeBand.PUBESCENT)
        ]
        for code, decision in unknown.jurisdictions.items():
            cleared = all(c.jurisdictions[code].outcome is Legality.NOT_ILLEGAL for c in children)
            assert decision.outcome is (Legality.NOT_ILLEGAL if cleared else Legality.DOUBTFUL), (
                code,
                facts,
            )


def test_a_video_is_judged_like_an_image():
    law = shipped_law()
    for facts in every_combination():
        if facts.medium is Medium.VIDEO:
            video, image = (
                law.evaluate(facts, "NL"),
                law.evaluate(dataclasses.replace(facts, medium=Medium.IMAGE), "NL"),
            )
            assert video.jurisdictions == image.jurisdictions and video.baseline == image.baseline


def test_baseline_material_is_illegal_in_every_jurisdiction():
    for evaluation in _every_evaluation():
        if evaluation.baseline.outcome is Baseline.YES:
            assert evaluation.iccam is Classification.BASELINE
            assert {d.outcome for d in evaluation.jurisdictions.values()} == {Legality.ILLEGAL}


@pytest.mark.parametrize(
    ("baseline", "own", "iccam"),
    [
        (Baseline.YES, Legality.ILLEGAL, Classification.BASELINE),
        (Baseline.NO, Legality.ILLEGAL, Classification.NATIONAL),
        (Baseline.DOUBTFUL, Legality.ILLEGAL, Classification.NATIONAL),  # may be raised later
        (Baseline.NO, Legality.NOT_ILLEGAL, Classification.NOT_ILLEGAL),
        (Baseline.NO, Legality.DOUBTFUL, Classification.DOUBTFUL),
        (Baseline.DOUBTFUL, Legality.DOUBTFUL, Classification.DOUBTFUL),
        (Baseline.DOUBTFUL, Legality.NOT_ILLEGAL, Classification.DOUBTFUL),
    ],
)
def test_the_iccam_classification_for_the_own_country(baseline, own, iccam):
    assert iccam_classification(baseline, own) is iccam


def test_the_classification_follows_the_hotlines_own_country():
    nudity = dataclasses.replace(DEFAULT, sexual=SexualContent.NONSEXUAL_NUDITY)
    law = shipped_law()
    assert law.evaluate(nudity, "NL").iccam is Classification.NOT_ILLEGAL
    uk = law.evaluate(nudity, "UK")
    assert uk.iccam is Classification.DOUBTFUL and uk.own.rule_id == "uk-nudity"
    assert list(uk.jurisdictions) == ["UK", "BE", "NL", "US"]  # own country first


def test_every_decision_names_its_rule_and_the_files_version():
    evaluation = shipped_law().evaluate(DEFAULT, "nl")
    law = shipped_law()
    assert evaluation.own_country == "NL"
    for code, decision in evaluation.jurisdictions.items():
        assert decision.version == law.jurisdictions[code].version
        assert decision.rule_id in {rule.id for rule in law.jurisdictions[code].rules}
    assert evaluation.baseline.rule_id == "baseline-met"
    assert evaluation.baseline.version == law.baseline.version


def test_gb_is_judged_under_the_uk_rules_and_an_uncovered_country_is_refused():
    assert shipped_law().evaluate(DEFAULT, "GB").own_country == "UK"
    with pytest.raises(
        UnknownJurisdiction, match="no rule file for 'DE': the law covers BE, NL, UK, US"
    ):
        shipped_law().evaluate(DEFAULT, "DE")


def test_explain_names_the_deciding_rules_their_sources_and_versions():
    posing = dataclasses.replace(DEFAULT, sexual=SexualContent.GENITAL_POSING)
    evaluation = shipped_law().evaluate(posing, "NL")
    sentences = explain(evaluation)
    assert sentences[0] == (
        "The facts: an image showing a pre-pubescent child (real), with posing with a focus on "
        "the genitals."
    )
    nl = sentences[1]
    assert nl.startswith(
        "Under NL law (the hotline's own country) it is illegal: rule nl-child-sexual-image of "
        "the NL rules, version 2026.1, decided it."
    )
    assert "Source: Sr art. 252 (formerly 240b)" in nl
    assert any(
        s.startswith("Under US law it is illegal: rule us-child-sexual-image") for s in sentences
    )
    baseline = next(s for s in sentences if "baseline rules" in s)
    assert "rule baseline-genital-focus" in baseline and "Interpol baseline criteria" in baseline
    assert sentences[-1].startswith("ICCAM classification for NL: national, because")
