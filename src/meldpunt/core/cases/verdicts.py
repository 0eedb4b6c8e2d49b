"""Verdicts per (content, jurisdiction), and those a standing hash-list match implies.

A verdict says whether material is illegal under one jurisdiction's law (`illegal`,
`not_illegal`, or `doubtful` for a second opinion). Beside it stand the international
baseline (`yes`, `no`, `doubtful`) and the ICCAM-style classification relative to the
hotline's own country: `baseline`, `national` (illegal there, not under the baseline),
`not_illegal`, or `doubtful` until a second opinion. Its source is an analyst's assessment or
a list match.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Legality(StrEnum):
    """A verdict under one jurisdiction's law."""

    ILLEGAL = "illegal"
    NOT_ILLEGAL = "not_illegal"
    DOUBTFUL = "doubtful"


class Baseline(StrEnum):
    """Whether the material meets the international baseline (illegal everywhere)."""

    YES = "yes"
    NO = "no"
    DOUBTFUL = "doubtful"


class Classification(StrEnum):
    """ICCAM-style classification, relative to the hotline's own country."""

    BASELINE = "baseline"
    NATIONAL = "national"
    NOT_ILLEGAL = "not_illegal"
    DOUBTFUL = "doubtful"  # held for a second opinion (ICCAM v2's "Doubtful")


class VerdictSource(StrEnum):
    """Where a verdict came from."""

    ASSESSMENT = "assessment"
    LIST_MATCH = "list_match"


# Bumped whenever the mapping below changes; every verdict it wrote names the version.
LIST_RULES_VERSION = "list-classification/1"


@dataclass(frozen=True)
class VerdictDraft:
    """A verdict to record for one jurisdiction."""

    jurisdiction: str
    legality: Legality
    baseline: Baseline
    classification: Classification
    source: VerdictSource
    rule_version: str


# A list's classification -> (baseline, ICCAM classification). The industry categories: A is
# prepubescent, B pubescent; 1 a sexual act, 2 a lascivious exhibition. Only a prepubescent
# child in a sexual act is the baseline; an exhibition is doubtful against it (as DOMAIN's
# "posing with genital focus" row). Every one of them is illegal under the hotline's law: a
# list is only loaded as positive when its material is. A list without classification is
# illegal nationally, and doubtful against the baseline, until an analyst says more.
_FROM_LIST: dict[str | None, Baseline] = {
    "baseline": Baseline.YES,
    "A1": Baseline.YES,
    "A2": Baseline.DOUBTFUL,
    "national": Baseline.NO,
    "B1": Baseline.NO,
    "B2": Baseline.NO,
    None: Baseline.DOUBTFUL,
}


def verdicts_from_list(classification: str | None, hotline_country: str) -> list[VerdictDraft]:
    """The verdicts a standing positive-list match implies: illegal under the hotline's own
    law, with the baseline its classification carries."""
    if classification not in _FROM_LIST:
        raise ValueError(f"unknown list classification {classification!r}")
    baseline = _FROM_LIST[classification]
    iccam = Classification.BASELINE if baseline is Baseline.YES else Classification.NATIONAL
    return [
        VerdictDraft(
            hotline_country,
            Legality.ILLEGAL,
            baseline,
            iccam,
            VerdictSource.LIST_MATCH,
            LIST_RULES_VERSION,
        )
    ]


def strongest_classification(classifications: list[str | None]) -> str | None:
    """Of several standing matches, the classification that says most: baseline-grade first,
    then national, then none."""
    order = ["baseline", "A1", "A2", "B1", "B2", "national"]
    known = [c for c in classifications if c in order]
    return min(known, key=order.index) if known else None
