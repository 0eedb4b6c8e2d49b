"""`meldpunt law pending`: the proposed files that wait for approval, each with its check;
approving stays with a manager on the staff pages."""

import pytest
from click.testing import CliRunner

from meldpunt.accounts.models import Role
from meldpunt.cli.main import cli
from meldpunt.lawbook.services import approve, pending
from tests import factories
from tests.integration.lawbook.conftest import NL_CHANGED, NL_GAP

pytestmark = pytest.mark.django_db(transaction=True)


def law_pending():
    return CliRunner().invoke(cli, ["law", "pending"])


def test_it_lists_each_waiting_file_with_its_check_and_every_problem(proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    (proposals / "nl-gap.toml").write_text(NL_GAP)
    result = law_pending()
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "nl-gap.toml: NL rules version 2026.3, to be 2026.3+local.1 (compared with "
        "rules/nl.toml): check failed, 12 problems:"
    )
    assert len([line for line in lines if line.startswith("  nl-gap.toml: ")]) == 12
    assert lines[-1] == (
        "nl.toml: NL rules version 2026.2, to be 2026.2+local.1 (compared with rules/nl.toml): "
        "check passed; a manager may approve it on the staff pages"
    )


def test_once_approved_nothing_waits(proposals):
    (proposals / "nl.toml").write_text(NL_CHANGED)
    [seen] = pending(proposals)
    approve(factories.staff_user(role=Role.MANAGER), "nl.toml", seen.digest, proposals)
    result = law_pending()
    assert result.exit_code == 0 and result.output == (
        f"No rule files wait for approval in {proposals}.\n"
    )


def test_there_is_no_approving_from_the_command_line():
    assert CliRunner().invoke(cli, ["law", "approve"]).exit_code == 2
