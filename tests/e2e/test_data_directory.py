"""A data directory Meldpunt cannot use stops it with one plain sentence, never a traceback."""

import os
import shutil
import subprocess
import sys

import pytest

from meldpunt.keystore import SECRET_KEY_FILE
from tests.e2e.processes import environment, meldpunt

pytestmark = pytest.mark.e2e

COMMANDS = [("lists", "show"), ("serve", "--host", "127.0.0.1", "--port", "0")]
# root reads and writes every file whatever its mode; without these two capabilities it is
# held to the owner's permission bits like anyone else.
AS_AN_ORDINARY_OWNER = [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search",
    "--inh-caps=-dac_override,-dac_read_search",
]


def assert_refused_in_one_line(result, *phrases: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: Meldpunt cannot start: The data directory ")
    assert "MELDPUNT_DATA_DIR" in line
    assert all(phrase in line for phrase in phrases), line


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_data_directory_that_is_a_file(tmp_path, command):
    data = tmp_path / "meldpunt-data"
    data.write_text("not a directory")
    result = meldpunt(environment(data, None), *command, timeout=60)
    assert_refused_in_one_line(result, f"{data} is a file, not a directory", "Move the file")
    assert data.read_text() == "not a directory"


def test_a_data_directory_below_a_file(tmp_path):
    blocking = tmp_path / "file"
    blocking.write_text("")
    result = meldpunt(environment(blocking / "data", None), "lists", "show", timeout=60)
    assert_refused_in_one_line(result, f"cannot be made: {blocking} is a file")


def run_unprivileged(env, *args: str) -> subprocess.CompletedProcess:
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: every directory is readable")
        prefix = AS_AN_ORDINARY_OWNER
    return subprocess.run(
        [*prefix, sys.executable, "-m", "meldpunt", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_unreadable_data_directory(tmp_path, command):
    data = tmp_path / "meldpunt-data"
    data.mkdir()
    data.chmod(0)
    try:
        result = run_unprivileged(environment(data, None), *command)
    finally:
        data.chmod(0o700)
    assert_refused_in_one_line(result, f"{data} (or something in it) cannot be read", "chmod")


def test_an_unreadable_key_inside_it(tmp_path):
    env = environment(tmp_path / "meldpunt-data", None)
    assert meldpunt(env, "lists", "show", timeout=60).returncode == 0
    key = tmp_path / "meldpunt-data" / "keys" / SECRET_KEY_FILE
    key.chmod(0)
    try:
        result = run_unprivileged(env, "lists", "show")
    finally:
        key.chmod(0o600)
    assert_refused_in_one_line(result, "cannot be read and written by user")
