"""Starting our own commands as real processes, each with its own data directory."""

import contextlib
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def throwaway_database() -> Iterator[str | None]:
    """On a PostgreSQL run, a fresh database for the processes; else SQLite in the data dir."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        yield None
        return
    import psycopg

    name = f"meldpunt_e2e_{secrets.token_hex(4)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(data_dir: Path, database_url: str | None, **settings: str) -> dict[str, str]:
    """This process's environment, minus test wiring, plus the given MELDPUNT_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MELDPUNT_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["MELDPUNT_DATA_DIR"] = str(data_dir)
    env["MELDPUNT_FETCH_DNS"] = "0"  # no DNS query leaves a test; names come from fetch_hosts
    env.update({f"MELDPUNT_{k.upper()}": v for k, v in settings.items()})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def meldpunt(env: dict[str, str], *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run one `meldpunt` command to completion."""
    return subprocess.run(
        [sys.executable, "-m", "meldpunt", *args],
        env=env,
        text=True,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def start(env: dict[str, str], *args: str, cwd: Path, log: Path | None = None) -> subprocess.Popen:
    """Start a long-running `meldpunt` command; its output is readable line by line, or, for
    long runs whose output nobody reads (a full pipe would stall the process), goes to `log`."""
    output = open(log, "w") if log else subprocess.PIPE  # noqa: SIM115 - the process owns it
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "meldpunt", *args],
            env=env,
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    finally:
        if log:
            output.close()
