"""Checking a rule file over the whole fact space: gaps and conflicts are named, with the
combination and the rules; every shipped file passes."""

import pytest

from meldpunt.core.law.checking import check, check_together
from meldpunt.core.law.facts import Facts
from meldpunt.core.law.lawsets import shipped_rule_files
from tests.unit.core.law.rulefiles import STRICT, rule_file


def test_a_complete_file_without_conflicts_has_no_problems():
    assert check(rule_file("XX", STRICT)) == []


def test_a_gap_is_named_by_its_combinations():
    without_child_nudity = STRICT.replace(
        'sexual = ["nonsexual_nudity", "none"]', 'sexual = ["none"]'
    )
    problems = check(rule_file("XX", without_child_nudity))
    undecided = {p.facts for p in problems}
    # nudity of children (4 age bands) is now decided by nobody, in every realism and medium
    assert len(problems) == 4 * 3 * 4
    assert Facts.of("pubescent", "drawn", "nonsexual_nudity", "audio") in undecided
    assert Facts.of("adult", "real", "nonsexual_nudity", "image") not in undecided
    problem = next(
        p for p in problems if p.facts == Facts.of("unknown", "real", "nonsexual_nudity", "video")
    )
    assert problem.rule_ids == ()
    assert str(problem) == (
        "xx.toml: age=unknown realism=real sexual=nonsexual_nudity medium=video: "
        "no rule decides this combination"
    )


def test_two_rules_deciding_one_combination_differently_are_named():
    body = (
        STRICT
        + """
    [[rule]]
    id = "drawn-text-is-fine"
    outcome = "not_illegal"
    realism = ["drawn"]
    medium = ["text"]
    source = "Test Act s.4"
    """
    )
    rf = rule_file("XX", body)
    problems = check(rf)
    assert len(problems) == 4 * 2  # the child bands, shown sexually, as drawn text
    problem = next(
        p for p in problems if p.facts == Facts.of("infant_toddler", "drawn", "activity", "text")
    )
    strict, extra = rf.rules[0], rf.rules[3]
    assert problem.rule_ids == ("strict-child", "drawn-text-is-fine")
    assert problem.line == strict.line
    assert str(problem) == (
        f"xx.toml:{strict.line}: age=infant_toddler realism=drawn sexual=activity medium=text: "
        f"rule strict-child (line {strict.line}) says illegal but rule drawn-text-is-fine "
        f"(line {extra.line}) says not_illegal"
    )


def test_overlapping_rules_that_agree_are_no_problem():
    body = (
        STRICT
        + """
    [[rule]]
    id = "adult-drawings"
    outcome = "not_illegal"
    age = ["adult"]
    realism = ["drawn"]
    source = "Test Act s.2"
    """
    )
    assert check(rule_file("XX", body)) == []


@pytest.mark.parametrize("shipped", shipped_rule_files(), ids=lambda f: f.name)
def test_every_shipped_file_decides_every_combination_one_way(shipped):
    assert check(shipped) == []
    assert all(rule.source for rule in shipped.rules)
    assert all(rule.explanation for rule in shipped.rules)


def test_a_jurisdiction_that_lets_baseline_material_pass_contradicts_the_baseline():
    baseline = next(f for f in shipped_rule_files() if f.is_baseline)
    lenient = rule_file(
        "XX",
        """
        [[rule]]
        id = "nothing-is-illegal"
        outcome = "not_illegal"
        source = "Test Act"
        """,
    )
    problems = check_together(baseline, [rule_file("YY", STRICT), lenient])
    assert {p.file for p in problems} == {"xx.toml"}
    assert len(problems) == 2 * 2  # infant or prepubescent, real, activity, image or video
    assert problems[0].rule_ids == ("baseline-met", "nothing-is-illegal")
    assert "says yes (illegal everywhere) but rule nothing-is-illegal" in str(problems[0])
