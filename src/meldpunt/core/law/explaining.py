"""The reasoning behind an evaluation, in plain English sentences."""

from __future__ import annotations

from meldpunt.core.cases.verdicts import Baseline, Classification, Legality
from meldpunt.core.law.evaluation import Decision, Evaluation
from meldpunt.core.law.facts import AgeBand, Facts, Medium, Realism, SexualContent

AGE_WORDS = {
    AgeBand.INFANT_TODDLER: "an infant or toddler",
    AgeBand.PREPUBESCENT: "a pre-pubescent child",
    AgeBand.PUBESCENT: "a pubescent child",
    AgeBand.ADULT: "an adult",
    AgeBand.UNKNOWN: "a person whose age cannot be told",
}
REALISM_WORDS = {
    Realism.REAL: "real",
    Realism.REALISTIC_VIRTUAL: "realistic and computer-made",
    Realism.DRAWN: "drawn or a cartoon",
}
SEXUAL_WORDS = {
    SexualContent.ACTIVITY: "sexual activity",
    SexualContent.GENITAL_POSING: "posing with a focus on the genitals",
    SexualContent.NONSEXUAL_NUDITY: "non-sexual nudity",
    SexualContent.NONE: "no sexual content",
}
MEDIUM_WORDS = {
    Medium.IMAGE: "an image",
    Medium.VIDEO: "a video",
    Medium.TEXT: "a text",
    Medium.AUDIO: "an audio recording",
}
OUTCOME_WORDS = {
    Legality.ILLEGAL: "illegal",
    Legality.NOT_ILLEGAL: "not illegal",
    Legality.DOUBTFUL: "doubtful",
}
BASELINE_WORDS = {
    Baseline.YES: "meets the international baseline (illegal everywhere)",
    Baseline.NO: "does not meet the international baseline",
    Baseline.DOUBTFUL: "may meet the international baseline (doubtful)",
}

BASELINE_SHORT = {
    Baseline.YES: "it meets the baseline",
    Baseline.NO: "it does not meet the baseline",
    Baseline.DOUBTFUL: "whether it meets the baseline is doubtful",
}


def explain(evaluation: Evaluation) -> list[str]:
    """Which rule decided each jurisdiction and the baseline, on what source, at what version,
    and why ICCAM's classification follows."""
    sentences = [describe(evaluation.facts)]
    for code, decision in evaluation.jurisdictions.items():
        sentences.append(_jurisdiction(code, decision, code == evaluation.own_country))
    sentences.append(_baseline(evaluation.baseline))
    sentences.append(_classification(evaluation))
    return sentences


def describe(facts: Facts) -> str:
    """The facts as a sentence."""
    return (
        f"The facts: {MEDIUM_WORDS[facts.medium]} showing {AGE_WORDS[facts.age]} "
        f"({REALISM_WORDS[facts.realism]}), with {SEXUAL_WORDS[facts.sexual]}."
    )


def _jurisdiction(code: str, decision: Decision[Legality], own: bool) -> str:
    whose = f"{code} law (the hotline's own country)" if own else f"{code} law"
    return (
        f"Under {whose} it is {OUTCOME_WORDS[decision.outcome]}: rule {decision.rule_id} of "
        f"the {code} rules, version {decision.version}, decided it.{_reason(decision)} "
        f"Source: {decision.source}."
    )


def _baseline(decision: Decision[Baseline]) -> str:
    return (
        f"It {BASELINE_WORDS[decision.outcome]}: rule {decision.rule_id} of the baseline rules, "
        f"version {decision.version}, decided it.{_reason(decision)} Source: {decision.source}."
    )


def _reason(decision: Decision[Legality] | Decision[Baseline]) -> str:
    return f" {decision.explanation}" if decision.explanation else ""


def _classification(evaluation: Evaluation) -> str:
    own, baseline = evaluation.own_country, evaluation.baseline.outcome
    verdict = OUTCOME_WORDS[evaluation.own.outcome]
    why = {
        Classification.BASELINE: "it meets the international baseline",
        Classification.NATIONAL: f"it is illegal under {own} law but not (or not surely) "
        "baseline material",
        Classification.NOT_ILLEGAL: f"it is neither illegal under {own} law nor baseline material",
        Classification.DOUBTFUL: f"under {own} law it is {verdict} and "
        f"{BASELINE_SHORT[baseline]}, so a second analyst decides before anything is routed",
    }[evaluation.iccam]
    tail = ""
    if evaluation.iccam is Classification.NATIONAL and baseline is Baseline.DOUBTFUL:
        tail = " A second opinion may raise it to baseline later; a baseline one is final."
    return f"ICCAM classification for {own}: {evaluation.iccam.value}, because {why}.{tail}"
