"""Evaluating facts under the law: a decision per jurisdiction, the baseline, and ICCAM's class."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from meldpunt.core.cases.verdicts import Baseline, Classification, Legality
from meldpunt.core.law.facts import Facts
from meldpunt.core.law.rulefile import LawError, RuleFile

Outcome = TypeVar("Outcome", Legality, Baseline)

# Hosting lookups give ISO 3166-1 codes; the law names the United Kingdom "UK", as INHOPE does.
_ALIASES = {"GB": "UK"}


class UnknownJurisdiction(LawError):
    """No rule file covers the country asked for."""


@dataclass(frozen=True)
class Decision(Generic[Outcome]):
    """What one rule file decided, by which rule, at which version."""

    outcome: Outcome
    rule_id: str
    version: str
    source: str
    explanation: str


@dataclass(frozen=True)
class Evaluation:
    """Facts evaluated under every jurisdiction's law and the baseline."""

    facts: Facts
    own_country: str
    baseline: Decision[Baseline]
    # The hotline's own country first, then the others by code.
    jurisdictions: Mapping[str, Decision[Legality]] = field(hash=False)
    iccam: Classification

    @property
    def own(self) -> Decision[Legality]:
        """The decision under the hotline's own country's law."""
        return self.jurisdictions[self.own_country]

    def as_record(self) -> dict[str, Any]:
        """As `meldpunt law evaluate --json` prints it, and as an assessment stores it."""
        return {
            "baseline": self.baseline.outcome.value,
            "iccam": self.iccam.value,
            "jurisdictions": {
                code: {"verdict": d.outcome.value, "rule": d.rule_id, "version": d.version}
                for code, d in self.jurisdictions.items()
            },
        }


def jurisdiction_code(country: str) -> str:
    """The law's code for a country code (GB is UK)."""
    code = country.strip().upper()
    return _ALIASES.get(code, code)


def iccam_classification(baseline: Baseline, own: Legality) -> Classification:
    """ICCAM's classification, relative to the hotline's own country."""
    if baseline is Baseline.YES:
        return Classification.BASELINE
    # Illegal at home with the baseline doubtful is national, not doubtful: ICCAM lets a
    # national classification be reassessed (raised to baseline after a second opinion) while
    # a baseline one is final, and the item is acted on under national law either way. Calling
    # it doubtful would hold referral and takedown of material that is certainly illegal here.
    if own is Legality.ILLEGAL:
        return Classification.NATIONAL
    if own is Legality.NOT_ILLEGAL and baseline is Baseline.NO:
        return Classification.NOT_ILLEGAL
    return Classification.DOUBTFUL


@dataclass(frozen=True)
class Law:
    """The baseline and one checked rule file per jurisdiction (see lawsets for loading)."""

    baseline: RuleFile
    jurisdictions: Mapping[str, RuleFile] = field(hash=False)

    def evaluate(self, facts: Facts, own_country: str) -> Evaluation:
        """Decide `facts` under every jurisdiction, the baseline, and ICCAM's classification."""
        own = self.jurisdiction_for(own_country)
        order = [own, *sorted(code for code in self.jurisdictions if code != own)]
        decisions = {code: _decide(self.jurisdictions[code], facts, Legality) for code in order}
        baseline = _decide(self.baseline, facts, Baseline)
        iccam = iccam_classification(baseline.outcome, decisions[own].outcome)
        return Evaluation(facts, own, baseline, decisions, iccam)

    def jurisdiction_for(self, country: str) -> str:
        """The code of the rule file for `country`; UnknownJurisdiction if there is none."""
        code = jurisdiction_code(country)
        if code not in self.jurisdictions:
            known = ", ".join(sorted(self.jurisdictions))
            raise UnknownJurisdiction(
                f"no rule file for {country!r}: the law covers {known}. Add a rule file for it "
                "to the rules directory, or set MELDPUNT_HOTLINE_COUNTRY to one of these."
            )
        return code


def _decide(rule_file: RuleFile, facts: Facts, kind: type[Outcome]) -> Decision[Outcome]:
    rule = rule_file.decide(facts)
    return Decision(kind(rule.outcome), rule.id, rule_file.version, rule.source, rule.explanation)
