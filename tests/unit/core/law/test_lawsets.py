"""A hotline's own rule files laid over the shipped ones: added, replaced, or refused."""

from importlib import resources

import pytest

from meldpunt.core.cases.verdicts import Legality
from meldpunt.core.law.facts import Facts
from meldpunt.core.law.lawsets import RulesRefused, law_from, shipped_law
from meldpunt.core.law.rulefile import LawError, RuleFileError
from tests.unit.core.law.rulefiles import STRICT, rule_text

DRAWN_TEXT = Facts.of("pubescent", "drawn", "activity", "text")


def shipped_text(name: str) -> str:
    return resources.files("meldpunt.core.law").joinpath("rules", name).read_text("utf-8")


def test_the_shipped_law_is_the_baseline_and_four_jurisdictions():
    law = shipped_law()
    assert law.baseline.is_baseline and law.baseline.name == "rules/baseline.toml"
    assert sorted(law.jurisdictions) == ["BE", "NL", "UK", "US"]


def test_a_hotline_adds_a_jurisdiction_and_replaces_another(tmp_path):
    (tmp_path / "xx.toml").write_text(rule_text("XX", "xx.1", STRICT))
    (tmp_path / "nl-own.toml").write_text(rule_text("NL", "nl-own.1", STRICT))
    (tmp_path / "notes.txt").write_text("not a rule file")
    law = law_from(tmp_path)
    assert sorted(law.jurisdictions) == ["BE", "NL", "UK", "US", "XX"]
    evaluation = law.evaluate(DRAWN_TEXT, "XX")
    assert evaluation.own.outcome is Legality.ILLEGAL and evaluation.own.version == "xx.1"
    nl = evaluation.jurisdictions["NL"]
    assert (nl.rule_id, nl.version) == ("strict-child", "nl-own.1")
    assert evaluation.jurisdictions["UK"].rule_id == "uk-not-visual"  # shipped, untouched
    assert shipped_law().evaluate(DRAWN_TEXT, "NL").own.outcome is Legality.NOT_ILLEGAL


def test_a_file_with_a_gap_is_refused_with_the_combination(tmp_path):
    gap = STRICT.replace('age = ["adult"]', 'age = ["adult"]\n    medium = ["image"]')
    (tmp_path / "xx.toml").write_text(rule_text("XX", "xx.1", gap))
    with pytest.raises(RulesRefused) as refused:
        law_from(tmp_path)
    assert len(refused.value.problems) == 2 * 3 * 3  # adults shown sexually, not as an image
    assert "xx.toml: age=adult realism=real sexual=activity medium=video: no rule decides" in str(
        refused.value
    )
    assert "... and 13 more (see: meldpunt law check DIR)" in str(refused.value)


def test_a_bad_file_in_the_directory_names_its_path_and_line(tmp_path):
    (tmp_path / "xx.toml").write_text(
        rule_text("XX", "xx.1", STRICT).replace('"Test Act s.2"', "Test")
    )
    with pytest.raises(RuleFileError, match=rf"^{tmp_path}/xx.toml:\d+: not valid TOML"):
        law_from(tmp_path)


def test_two_files_for_one_jurisdiction_are_refused(tmp_path):
    (tmp_path / "a.toml").write_text(rule_text("XX", "xx.1", STRICT))
    (tmp_path / "b.toml").write_text(rule_text("XX", "xx.2", STRICT))
    with pytest.raises(RuleFileError) as refused:
        law_from(tmp_path)
    assert str(refused.value) == (
        f"{tmp_path}/b.toml:1: jurisdiction XX is also given by {tmp_path}/a.toml; keep one file "
        "per jurisdiction"
    )


def test_a_changed_file_must_not_reuse_the_shipped_version(tmp_path):
    text = shipped_text("uk.toml")
    (tmp_path / "uk.toml").write_text(text)
    assert law_from(tmp_path).jurisdictions["UK"].digest == shipped_law().jurisdictions["UK"].digest
    (tmp_path / "uk.toml").write_text(
        text.replace('outcome = "doubtful"', 'outcome = "illegal"', 1)
    )
    with pytest.raises(RuleFileError) as refused:
        law_from(tmp_path)
    assert refused.value.line == 7
    assert "version 2026.1 is the shipped UK rules' version" in refused.value.problem


def test_a_baseline_that_the_jurisdictions_contradict_is_refused(tmp_path):
    (tmp_path / "baseline.toml").write_text(
        rule_text("baseline", "b.1", '[[rule]]\nid = "all"\noutcome = "yes"\nsource = "x"\n')
    )
    with pytest.raises(RulesRefused) as refused:
        law_from(tmp_path)
    # "yes" for everything, adults too: every jurisdiction disagrees
    assert ("all", "nl-adult") in {problem.rule_ids for problem in refused.value.problems}


def test_a_missing_directory_is_refused(tmp_path):
    with pytest.raises(LawError, match="not a directory of rule files"):
        law_from(tmp_path / "absent")
