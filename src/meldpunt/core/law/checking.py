"""Checking rules over the whole fact space: every combination decided, and decided one way."""

from __future__ import annotations

from dataclasses import dataclass

from meldpunt.core.law.facts import Facts, every_combination
from meldpunt.core.law.rulefile import Rule, RuleFile


@dataclass(frozen=True)
class Problem:
    """A combination of facts that a rule file leaves undecided or decides two ways."""

    file: str
    facts: Facts
    rule_ids: tuple[str, ...]  # none when undecided; the two that disagree otherwise
    problem: str
    line: int | None = None  # of the first rule involved

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.facts}: {self.problem}"


def check(rule_file: RuleFile) -> list[Problem]:
    """Every combination no rule decides, and every one two rules decide differently."""
    problems = []
    for facts in every_combination():
        deciding = rule_file.rules_for(facts)
        if not deciding:
            problems.append(Problem(rule_file.name, facts, (), "no rule decides this combination"))
            continue
        conflict = _disagreement(deciding)
        if conflict is not None:
            problems.append(_conflicting(rule_file.name, facts, *conflict))
    return problems


def _disagreement(deciding: list[Rule]) -> tuple[Rule, Rule] | None:
    first = deciding[0]
    other = next((rule for rule in deciding if rule.outcome != first.outcome), None)
    return None if other is None else (first, other)


def _conflicting(file: str, facts: Facts, first: Rule, other: Rule) -> Problem:
    problem = (
        f"rule {first.id} (line {first.line}) says {first.outcome} but rule {other.id} "
        f"(line {other.line}) says {other.outcome}"
    )
    return Problem(file, facts, (first.id, other.id), problem, first.line)


def check_together(baseline: RuleFile, jurisdictions: list[RuleFile]) -> list[Problem]:
    """Combinations where the baseline says yes (illegal everywhere) but a jurisdiction's
    checked rules do not say illegal: the files contradict each other."""
    problems = []
    for facts in every_combination():
        met = baseline.decide(facts)
        if met.outcome != "yes":
            continue
        for rule_file in jurisdictions:
            rule = rule_file.decide(facts)
            if rule.outcome != "illegal":
                problem = (
                    f"baseline rule {met.id} says yes (illegal everywhere) but rule {rule.id} "
                    f"(line {rule.line}) says {rule.outcome}"
                )
                problems.append(
                    Problem(rule_file.name, facts, (met.id, rule.id), problem, rule.line)
                )
    return problems
