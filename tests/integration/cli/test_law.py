"""`meldpunt law`: the held-out acceptance set agrees with `evaluate --json --shipped`; explain
says why; check names the file and line of a broken rule, or the combination of a gap. (The
law in force, with the hotline's approvals: tests/integration/lawbook/test_law_commands.py.)"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from meldpunt.cli.main import cli

HELD_OUT = json.loads((Path(__file__).parents[2] / "data/law/held_out.json").read_text())
RULES = Path(__file__).parents[3] / "src/meldpunt/core/law/rules"
DEFAULT = [
    "--age",
    "prepubescent",
    "--realism",
    "real",
    "--sexual",
    "activity",
    "--medium",
    "image",
]


def meldpunt(*args: str, country: str = "NL"):
    return CliRunner().invoke(cli, ["law", *args], env={"MELDPUNT_HOTLINE_COUNTRY": country})


def options(facts: dict[str, str]) -> list[str]:
    return [part for fact, value in facts.items() for part in (f"--{fact}", value)]


def case_id(case: dict) -> str:
    return "-".join([*case["facts"].values(), case["hotline_country"]])


@pytest.mark.parametrize("case", HELD_OUT["cases"], ids=case_id)
def test_the_held_out_set_agrees_with_evaluate_json(case):
    result = meldpunt(
        "evaluate", *options(case["facts"]), "--json", "--shipped", country=case["hotline_country"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) == {"baseline", "iccam", "jurisdictions"}
    verdicts = {code: j["verdict"] for code, j in record["jurisdictions"].items()}
    assert {
        "baseline": record["baseline"],
        "iccam": record["iccam"],
        "jurisdictions": verdicts,
    } == (case["accepted"]), case["why"]
    for decision in record["jurisdictions"].values():
        assert set(decision) == {"verdict", "rule", "version"}
        assert decision["rule"] and decision["version"] == "2026.1"


def test_the_held_out_set_is_more_than_the_domain_table():
    combinations = {tuple(case["facts"].values()) for case in HELD_OUT["cases"]}
    assert len(combinations) >= 30
    assert {case["facts"]["medium"] for case in HELD_OUT["cases"]} == {
        "image",
        "video",
        "text",
        "audio",
    }
    assert {"unknown", "adult"} <= {case["facts"]["age"] for case in HELD_OUT["cases"]}


def test_evaluate_prints_a_readable_table_with_the_own_country_first():
    result = meldpunt("evaluate", *DEFAULT, "--shipped", country="BE")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Facts: age=prepubescent realism=real sexual=activity medium=image"
    assert lines[1].split() == ["Jurisdiction", "Verdict", "Rule", "Version"]
    assert lines[2].split() == [
        "BE",
        "(own",
        "country)",
        "illegal",
        "be-child-sexual-image",
        "2026.1",
    ]
    assert lines[6].split() == ["baseline", "yes", "baseline-met", "2026.1"]
    assert lines[-1] == "ICCAM classification for BE: baseline"


def test_explain_gives_the_deciding_rule_its_source_and_version():
    result = meldpunt("explain", *DEFAULT[:-1], "text", "--shipped", country="BE")
    assert result.exit_code == 0, result.output
    assert (
        "Under BE law (the hotline's own country) it is doubtful: rule be-not-visual of the BE "
        "rules, version 2026.1, decided it." in result.stdout
    )
    assert "Source: Sw art. 417/43 covers visual material only" in result.stdout
    assert "ICCAM classification for BE: doubtful" in result.stdout


def test_a_bad_value_gets_clicks_clear_error():
    result = meldpunt("evaluate", *DEFAULT[:-1], "photo", "--shipped")
    assert result.exit_code == 2
    assert (
        "Invalid value for '--medium': 'photo' is not one of 'image', 'video', 'text', 'audio'"
        in result.output
    )


def test_a_hotline_country_without_rules_is_told_what_to_do():
    result = meldpunt("evaluate", *DEFAULT, "--json", "--shipped", country="DE")
    assert result.exit_code == 1
    assert "no rule file for 'DE': the law covers BE, NL, UK, US" in result.output


def test_evaluate_uses_the_hotlines_own_rules(tmp_path):
    text = (RULES / "nl.toml").read_text()
    stricter = text.replace('version = "2026.1"', 'version = "2026.1-own"').replace(
        'id = "nl-age-unclear"\noutcome = "doubtful"', 'id = "nl-age-unclear"\noutcome = "illegal"'
    )
    (tmp_path / "nl.toml").write_text(stricter)
    unknown_age = ["--age", "unknown", *DEFAULT[2:]]
    result = meldpunt("evaluate", *unknown_age, "--json", "--rules", str(tmp_path))
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    nl = {"verdict": "illegal", "rule": "nl-age-unclear", "version": "2026.1-own"}
    assert record["jurisdictions"]["NL"] == nl
    assert record["jurisdictions"]["BE"]["verdict"] == "doubtful"  # shipped
    assert (record["baseline"], record["iccam"]) == ("doubtful", "national")


def test_check_says_ok_once_per_good_file(tmp_path):
    for name in ("nl.toml", "baseline.toml"):
        text = (RULES / name).read_text().replace('version = "2026.1"', 'version = "own.1"')
        (tmp_path / name).write_text(text)
    result = meldpunt("check", str(tmp_path))
    assert result.exit_code == 0, result.output
    decided = "all 240 combinations decided"
    assert result.stdout.splitlines() == [
        f"OK {tmp_path}/baseline.toml: baseline rules version own.1, 7 rules, {decided}",
        f"OK {tmp_path}/nl.toml: NL rules version own.1, 6 rules, {decided}",
        "OK laid over the shipped rules: baseline and BE, NL, UK, US (from the directory: NL, "
        "baseline)",
    ]


def test_check_names_the_file_and_line_of_a_broken_rule(tmp_path):
    (tmp_path / "be.toml").write_text(
        (RULES / "be.toml").read_text().replace('"pubescent"]', '"teen"]', 1)
    )
    (tmp_path / "uk.toml").write_text(
        (RULES / "uk.toml").read_text().replace('"2026.1"', '"own.1"')
    )
    result = meldpunt("check", str(tmp_path))
    assert result.exit_code == 1
    line = next(
        i
        for i, text in enumerate((tmp_path / "be.toml").read_text().splitlines(), 1)
        if '"teen"' in text
    )
    assert result.stdout.splitlines()[0] == (
        f"{tmp_path}/be.toml:{line}: rule 'be-child-sexual-image': unknown age 'teen'; use one of "
        "infant_toddler, prepubescent, pubescent, adult, unknown"
    )
    assert f"OK {tmp_path}/uk.toml: UK rules version own.1" in result.stdout
    assert "1 of 2 rule files refused." in result.stderr


def test_check_names_each_undecided_combination(tmp_path):
    text = (
        (RULES / "us.toml").read_text().replace('medium = ["text", "audio"]', 'medium = ["text"]')
    )
    (tmp_path / "us.toml").write_text(text.replace('"2026.1"', '"own.1"'))
    result = meldpunt("check", str(tmp_path))
    assert result.exit_code == 1
    problems = [line for line in result.stdout.splitlines() if line.startswith(str(tmp_path))]
    assert (
        f"{tmp_path}/us.toml: age=infant_toddler realism=real sexual=activity medium=audio: "
        "no rule decides this combination"
    ) in problems
    assert len(problems) == 4 * 3 * 2  # audio of children or unknown ages, shown sexually
    assert "1 of 1 rule files refused." in result.stderr


def test_check_refuses_a_changed_file_that_keeps_the_shipped_version(tmp_path):
    text = (RULES / "us.toml").read_text().replace('id = "us-adult"', 'id = "us-adults"')
    (tmp_path / "us.toml").write_text(text)
    result = meldpunt("check", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path}/us.toml:7: version 2026.1 is the shipped US rules' version" in result.stdout


def test_check_refuses_files_that_are_sound_alone_but_clash_laid_over(tmp_path):
    text = (RULES / "us.toml").read_text().replace('"2026.1"', '"own.1"')
    (tmp_path / "us.toml").write_text(text)
    (tmp_path / "us-copy.toml").write_text(text.replace('"own.1"', '"own.2"'))
    result = meldpunt("check", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == (
        f"{tmp_path}/us.toml:6: jurisdiction US is also given by {tmp_path}/us-copy.toml; keep "
        "one file per jurisdiction"
    )
    assert "Each file is sound alone, but laid over the shipped rules" in result.stderr


def test_check_of_an_empty_directory_fails(tmp_path):
    result = meldpunt("check", str(tmp_path))
    assert result.exit_code == 1
    assert f"No rule files (*.toml) in {tmp_path}." in result.output
