"""A proposed rule file reviewed against the law in force: the diff, the version approval would
give it, and the whole law's check with it laid over."""

from importlib import resources

import pytest

from meldpunt.core.cases.verdicts import Legality
from meldpunt.core.law.facts import Facts
from meldpunt.core.law.lawsets import RulesRefused, shipped_rule_files
from meldpunt.core.law.proposals import NEW_FILE, Approved, law_in_force, local_version, review
from tests.unit.core.law.rulefiles import STRICT, rule_text

DRAWN_TEXT = Facts.of("pubescent", "drawn", "activity", "text")
NL = resources.files("meldpunt.core.law").joinpath("rules", "nl.toml").read_text("utf-8")
NL_CHANGED = NL.replace('version = "2026.1"', 'version = "2026.2"').replace(
    "is illegal; a computer-made", "is illegal (checked again); a computer-made", 1
)


def approved(jurisdiction: str, text: str, declared: str, sequence: int, name: str) -> Approved:
    return Approved(jurisdiction, name, text, declared, sequence)


def test_a_changed_shipped_file_is_compared_with_it_and_gets_the_first_local_version():
    seen = review("nl.toml", NL_CHANGED, [])
    assert seen.passed and seen.problems == ()
    assert (seen.jurisdiction, seen.declared_version) == ("NL", "2026.2")
    assert (seen.version, seen.sequence) == ("2026.2+local.1", 1)
    assert seen.against == "rules/nl.toml" and not seen.in_force
    lines = seen.diff.splitlines()
    assert lines[0] == "--- rules/nl.toml\t2026.1"
    assert lines[1] == "+++ nl.toml\t2026.2+local.1"
    assert '-version = "2026.1"' in lines and '+version = "2026.2"' in lines
    assert sum(1 for line in lines if line.startswith("+") and "checked again" in line) == 1


def test_after_an_approval_the_next_file_is_compared_with_the_approved_one():
    first = approved("NL", NL_CHANGED, "2026.2", 1, "nl-own.toml")
    again = NL_CHANGED.replace("(checked again)", "(checked twice)")
    seen = review("nl-own.toml", again, [first])
    assert seen.passed and seen.version == "2026.2+local.2"  # the declared version may stay
    assert seen.against == "nl-own.toml"
    assert seen.diff.splitlines()[0] == "--- nl-own.toml\t2026.2+local.1"
    assert review("nl-own.toml", NL_CHANGED, [first]).in_force


def test_the_shipped_text_itself_is_in_force_and_shows_no_change():
    seen = review("nl.toml", NL, [])
    assert seen.in_force and seen.passed and seen.diff == ""


def test_a_new_jurisdiction_is_compared_with_nothing():
    seen = review("xx.toml", rule_text("XX", "xx.1", STRICT), [])
    assert seen.passed and seen.against == NEW_FILE and seen.version == "xx.1+local.1"
    added = [line for line in seen.diff.splitlines()[3:]]
    assert added and all(line.startswith("+") for line in added)


def test_a_file_with_a_gap_names_every_combination_left_undecided():
    gap = STRICT.replace('age = ["adult"]', 'age = ["adult"]\n    medium = ["image"]')
    seen = review("xx.toml", rule_text("XX", "xx.1", gap), [])
    assert not seen.passed and len(seen.problems) == 2 * 3 * 3
    assert (
        "xx.toml: age=adult realism=real sexual=activity medium=video: no rule decides this "
        "combination"
    ) in seen.problems


def test_a_file_that_contradicts_the_baseline_is_refused_with_the_rules_named():
    lenient = NL_CHANGED.replace('outcome = "illegal"', 'outcome = "not_illegal"', 1)
    seen = review("nl.toml", lenient, [])
    assert not seen.passed
    assert any(
        "baseline rule" in problem and "says not_illegal" in problem for problem in seen.problems
    )


def test_a_file_that_cannot_be_read_names_its_line_and_is_compared_by_name():
    broken = NL_CHANGED.replace('outcome = "illegal"', "outcome = illegal", 1)
    seen = review("nl.toml", broken, [])
    assert not seen.passed and seen.jurisdiction == "" and seen.version == ""
    [problem] = seen.problems
    assert problem.startswith("nl.toml:11: not valid TOML")
    assert seen.against == "rules/nl.toml" and "+outcome = illegal" in seen.diff.splitlines()


def test_a_changed_file_under_the_shipped_version_is_refused():
    same_version = NL_CHANGED.replace('version = "2026.2"', 'version = "2026.1"')
    [problem] = review("nl.toml", same_version, []).problems
    assert problem == (
        "nl.toml:6: version 2026.1 is the shipped NL rules' version; give a changed file a "
        "version of its own"
    )


def test_the_other_approved_files_stay_laid_over_in_the_check():
    xx = approved("XX", rule_text("XX", "xx.1", STRICT), "xx.1", 3, "xx.toml")
    seen = review("nl.toml", NL_CHANGED, [xx])
    assert seen.passed and seen.version == "2026.2+local.1"  # counted per jurisdiction
    two_for_xx = review("xx-second.toml", rule_text("XX", "xx.2", STRICT), [xx])
    assert two_for_xx.passed and two_for_xx.version == "xx.2+local.4"


def test_the_law_in_force_records_the_local_version_in_its_verdicts():
    nl = approved("NL", rule_text("NL", "own.7", STRICT), "own.7", 2, "nl.toml")
    law = law_in_force([nl], shipped_rule_files())
    decision = law.evaluate(DRAWN_TEXT, "NL").own
    assert decision.outcome is Legality.ILLEGAL and decision.version == "own.7+local.2"
    assert law.evaluate(DRAWN_TEXT, "NL").jurisdictions["UK"].version == "2026.1"
    assert local_version("2026.1", 12) == "2026.1+local.12"


def test_a_law_in_force_that_no_longer_holds_is_refused():
    gap = STRICT.replace('age = ["adult"]', 'age = ["adult"]\n    medium = ["image"]')
    with pytest.raises(RulesRefused):
        law_in_force(
            [approved("XX", rule_text("XX", "x", gap), "x", 1, "x.toml")], shipped_rule_files()
        )
