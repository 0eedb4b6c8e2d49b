"""A rule file: one jurisdiction's law (or the baseline) as rules over the fact space."""

from __future__ import annotations

from dataclasses import dataclass

from meldpunt.core.cases.verdicts import Baseline, Legality
from meldpunt.core.law.facts import Facts

# The jurisdiction code of the file that says whether the international baseline is met.
BASELINE = "baseline"


class LawError(ValueError):
    """The law cannot be used as given; the message says what to change."""


class RuleFileError(LawError):
    """A rule file cannot be read: names the file, the line and the problem."""

    def __init__(self, file: str, line: int, problem: str) -> None:
        super().__init__(f"{file}:{line}: {problem}")
        self.file = file
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class Rule:
    """Decides every combination whose facts are all among its allowed values."""

    id: str
    outcome: Legality | Baseline
    source: str  # the article, case or guideline the rule rests on
    explanation: str
    # (fact, allowed values) for each fact the rule names; a fact left out allows any value.
    conditions: tuple[tuple[str, frozenset[str]], ...]
    line: int  # of its [[rule]] header, for messages

    def applies_to(self, facts: Facts) -> bool:
        """Whether this rule decides `facts`."""
        return all(facts.value_of(fact) in allowed for fact, allowed in self.conditions)


@dataclass(frozen=True)
class RuleFile:
    """One jurisdiction's rules, with the version every verdict made by them records."""

    name: str  # the file it was read from, for messages
    jurisdiction: str  # "NL", "UK", ... or BASELINE
    version: str
    title: str
    rules: tuple[Rule, ...]
    digest: str  # SHA-256 of the text: tells two files with one version apart
    jurisdiction_line: int
    version_line: int

    @property
    def is_baseline(self) -> bool:
        """Whether this file answers the baseline question (yes/no/doubtful)."""
        return self.jurisdiction == BASELINE

    def rules_for(self, facts: Facts) -> list[Rule]:
        """Every rule that decides `facts`, in file order."""
        return [rule for rule in self.rules if rule.applies_to(facts)]

    def decide(self, facts: Facts) -> Rule:
        """The rule that decides `facts`; a checked file has one, or several that agree."""
        for rule in self.rules:
            if rule.applies_to(facts):
                return rule
        raise LawError(f"{self.name}: no rule decides {facts}")
