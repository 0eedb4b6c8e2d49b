"""`meldpunt suffixes`: show the list in use, update it from a file, go back to the bundled one."""

from pathlib import Path

import publicsuffixlist
import pytest
from click.testing import CliRunner
from django.conf import settings

from meldpunt.audit.models import AuditEvent
from meldpunt.cli.main import cli
from meldpunt.core.public_suffixes import bundled_list, current_list, use_suffix_list
from meldpunt.core.urls import normalise_url

pytestmark = pytest.mark.django_db(transaction=True)

BUNDLED = Path(publicsuffixlist.PSLFILE).read_bytes()
NEWER = BUNDLED.replace(b"// VERSION: 2", b"// VERSION: 3", 1).replace(
    b"\ngithub.io\n", b"\ngithub.io\nreports.meldpunt-test.example\n", 1
)


@pytest.fixture(autouse=True)
def no_operators_list():
    settings.SUFFIXES.remove()
    yield
    settings.SUFFIXES.remove()
    use_suffix_list(bundled_list)


def run(*args):
    return CliRunner().invoke(cli, ["suffixes", *args])


def offered(tmp_path, data):
    path = tmp_path / "public_suffix_list.dat"
    path.write_bytes(data)
    return str(path)


def test_show_names_the_bundled_list_with_its_version_and_size():
    result = run("show")
    assert result.exit_code == 0, result.output
    facts = bundled_list().facts
    assert "In use: bundled with publicsuffixlist" in result.output
    assert facts.version in result.output and f"{facts.rules:,} rules" in result.output


def test_update_stores_a_checked_list_that_is_then_used(tmp_path):
    result = run("update", offered(tmp_path, NEWER))
    assert result.exit_code == 0, result.output
    assert "Restart `meldpunt serve`" in result.output
    assert settings.SUFFIXES.path.read_bytes() == NEWER
    assert "In use: operator's list at" in run("show").output
    settings.SUFFIXES.activate()  # as the next start of serve or a worker does
    assert current_list().facts.version.startswith("3")
    assert normalise_url("https://a.reports.meldpunt-test.example/").registrable_domain == (
        "a.reports.meldpunt-test.example"
    )
    event = AuditEvent.objects.get(action="suffixes.updated")
    assert event.details["sha256"] == current_list().facts.sha256


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>404</html>", "is missing"),
        (BUNDLED[: len(BUNDLED) // 3], "is missing (is the file cut short?)"),
        (BUNDLED.replace(b"\ncom\n", b"\nco..m\n", 1), "is not a suffix rule"),
    ],
)
def test_a_file_that_is_not_the_list_changes_nothing(tmp_path, data, message):
    result = run("update", offered(tmp_path, data))
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output and message in result.output
    assert not settings.SUFFIXES.path.exists()
    assert not AuditEvent.objects.filter(action="suffixes.updated").exists()


def test_an_older_list_needs_to_be_asked_for(tmp_path):
    older = BUNDLED.replace(b"// VERSION: 2", b"// VERSION: 1", 1)
    refused = run("update", offered(tmp_path, older))
    assert refused.exit_code == 1 and "older than the list in use" in refused.output
    assert not settings.SUFFIXES.path.exists()
    assert run("update", "--allow-older", offered(tmp_path, older)).exit_code == 0
    assert settings.SUFFIXES.path.read_bytes() == older


def test_reset_goes_back_to_the_bundled_list(tmp_path):
    run("update", offered(tmp_path, NEWER))
    result = run("reset")
    assert result.exit_code == 0, result.output
    assert not settings.SUFFIXES.path.exists()
    assert "In use: bundled" in run("show").output
    assert AuditEvent.objects.filter(action="suffixes.reset").exists()
    assert "No operator's list" in run("reset").output


def test_show_warns_when_the_bundled_list_is_newer(tmp_path):
    older = BUNDLED.replace(b"// VERSION: 2", b"// VERSION: 1", 1)
    run("update", "--allow-older", offered(tmp_path, older))
    result = run("show")
    assert "The bundled list is newer" in result.output
