"""`meldpunt law` as a real process: verdicts from the shipped rules with no database or data
directory (--shipped), or under the law in force from the data directory's database; the
hotline's country from the environment, and a failing check's exit code."""

import json

import pytest

from tests.e2e.processes import environment, meldpunt

pytestmark = pytest.mark.e2e

FACTS = [
    "--age",
    "unknown",
    "--realism",
    "real",
    "--sexual",
    "nonsexual_nudity",
    "--medium",
    "video",
]


def test_evaluate_answers_without_a_database_for_the_configured_country(tmp_path):
    data_dir = tmp_path / "data"
    nl = meldpunt(environment(data_dir, None), "law", "evaluate", *FACTS, "--json", "--shipped")
    assert nl.returncode == 0, nl.stderr
    gb = meldpunt(
        environment(data_dir, None, hotline_country="GB"),
        *("law", "evaluate", *FACTS, "--json", "--shipped"),
    )
    assert gb.returncode == 0, gb.stderr
    assert json.loads(nl.stdout)["iccam"] == "not_illegal"
    record = json.loads(gb.stdout)
    assert list(record["jurisdictions"]) == ["UK", "BE", "NL", "US"]
    assert record["jurisdictions"]["UK"] == {
        "verdict": "doubtful",
        "rule": "uk-nudity",
        "version": "2026.1",
    }
    assert record["iccam"] == "doubtful"
    assert not data_dir.exists()  # nothing was set up: no keys, no database


def test_evaluate_under_the_law_in_force_sets_up_the_data_directory(tmp_path):
    data_dir = tmp_path / "data"
    result = meldpunt(environment(data_dir, None), "law", "evaluate", *FACTS, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["jurisdictions"]["NL"]["version"] == "2026.1"  # none approved
    assert (data_dir / "meldpunt.sqlite3").exists()


def test_check_of_a_broken_directory_exits_1_naming_file_and_line(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "xx.toml").write_text('jurisdiction = "XX"\nversion = 1\ntitle = "x"\n')
    done = meldpunt(environment(tmp_path / "data", None), "law", "check", str(tmp_path / "rules"))
    assert done.returncode == 1
    assert done.stdout == f"{tmp_path}/rules/xx.toml:2: 'version' must be a non-empty string\n"
