"""scripts/test: a CI run without PostgreSQL fails at once; elsewhere that half is skipped."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
NOBODY_LISTENS = "postgresql://postgres@127.0.0.1:1/test"  # port 1: refused at once


def run(*command: str, ci: bool, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "DATABASE_URL")}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment['PATH']}"
    if ci:
        environment["CI"] = "true"
    return subprocess.run(
        command,
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def check(url: str, ci: bool) -> subprocess.CompletedProcess:
    return run(sys.executable, "scripts/check-postgres", url, ci=ci)


def test_under_ci_the_test_script_fails_before_running_anything_without_postgresql():
    result = run("scripts/test", ci=True, MELDPUNT_TEST_POSTGRES_URL=NOBODY_LISTENS)
    assert result.returncode == 1
    assert result.stdout.startswith(f"FAILED: PostgreSQL at {NOBODY_LISTENS} is not reachable")
    assert "Under CI=true the suite must also run on PostgreSQL" in result.stdout
    assert "== ruff" not in result.stdout  # nothing else ran


def test_without_ci_an_unreachable_postgresql_is_skipped_with_the_reason():
    result = check(NOBODY_LISTENS, ci=False)
    assert result.returncode == 3  # scripts/test goes on, and says so again at the end
    assert result.stdout.startswith(f"SKIPPED: PostgreSQL at {NOBODY_LISTENS} is not reachable")
    assert "Connection refused" in result.stdout
    assert "set MELDPUNT_TEST_POSTGRES_URL" in result.stdout


def test_under_ci_an_unreachable_postgresql_is_a_failure():
    result = check(NOBODY_LISTENS, ci=True)
    assert result.returncode == 4
    assert result.stdout.startswith("FAILED:") and "SKIPPED" not in result.stdout


@pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="a PostgreSQL run only")
def test_a_reachable_postgresql_is_used_under_ci_and_without():
    url = os.environ["DATABASE_URL"]
    assert [check(url, ci).returncode for ci in (False, True)] == [0, 0]
    assert check(url, ci=True).stdout == ""
