"""`meldpunt law evaluate|explain` answer under the law in force, as assessments do: the
shipped rules with the hotline's approved files laid over them. --shipped and --rules DIR
answer without the database."""

import json

import pytest
from click.testing import CliRunner

from meldpunt.accounts.models import Role
from meldpunt.cli.main import cli
from meldpunt.lawbook.services import approve, pending
from tests import factories
from tests.integration.lawbook.conftest import NL_CHANGED, NL_GAP, approved_without_checking

pytestmark = pytest.mark.django_db(transaction=True)

UNKNOWN_AGE = ["--age", "unknown", "--realism", "real", "--sexual", "activity"]
IMAGE = [*UNKNOWN_AGE, "--medium", "image"]


def law(*args: str):
    return CliRunner().invoke(cli, ["law", *args], env={"MELDPUNT_HOTLINE_COUNTRY": "NL"})


def nl_version(*args: str) -> str:
    result = law("evaluate", *IMAGE, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["jurisdictions"]["NL"]["version"]


def approved(proposals) -> None:
    (proposals / "nl.toml").write_text(NL_CHANGED)
    [seen] = pending(proposals)
    approve(factories.staff_user(role=Role.MANAGER), "nl.toml", seen.digest, proposals)


def test_without_approvals_the_law_in_force_is_the_shipped_law(proposals):
    assert nl_version() == nl_version("--shipped") == "2026.1"


def test_an_approved_file_is_the_law_evaluate_and_explain_use(proposals):
    approved(proposals)
    assert nl_version() == "2026.2+local.1"
    assert nl_version("--shipped") == "2026.1"  # the shipped rules alone, on request
    explained = law("explain", *IMAGE)
    assert explained.exit_code == 0, explained.output
    assert "2026.2+local.1" in explained.output


def test_rules_and_shipped_together_are_refused():
    result = law("evaluate", *IMAGE, "--shipped", "--rules", ".")
    assert result.exit_code == 2
    assert "Give --rules DIR or --shipped, not both." in result.output


def test_an_approved_file_that_no_longer_fits_is_said_and_nothing_is_answered(proposals):
    approved_without_checking(NL_GAP)
    result = law("evaluate", *IMAGE, "--json")
    assert result.exit_code == 1 and result.stdout.count("{") == 0
    assert "The approved rule files no longer fit the shipped rules" in result.output
    assert "nl.toml: age=infant_toddler realism=real sexual=activity medium=video" in result.output
    assert nl_version("--shipped") == "2026.1"
