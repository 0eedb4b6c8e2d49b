"""A real `meldpunt serve` process on 127.0.0.1 with its own data directory (and database)."""

import contextlib
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

STARTUP_SECONDS = 60


@dataclass
class RunningServer:
    """The base URL, its data directory, and how it was started."""

    url: str
    data_dir: Path
    env: dict[str, str]
    process: subprocess.Popen

    def stop(self) -> int:
        """SIGTERM, then wait; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            return self.process.wait(timeout=30)
        return self.process.returncode


@contextlib.contextmanager
def _throwaway_postgres() -> Iterator[str | None]:
    """On a PostgreSQL run, a fresh database for the server; else SQLite in its data dir."""
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


def _environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MELDPUNT_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["MELDPUNT_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _wait_for_url(process: subprocess.Popen) -> str:
    deadline = time.monotonic() + STARTUP_SECONDS
    lines = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = re.search(r"running at (http://127\.0\.0\.1:\d+/)", line)
        if match:
            return match.group(1)
    process.kill()
    raise AssertionError("meldpunt serve did not start:\n" + "".join(lines))


@pytest.fixture
def server(tmp_path) -> Iterator[RunningServer]:
    """Start `meldpunt serve --port 0` and stop it afterwards."""
    with _throwaway_postgres() as database_url:
        env = _environment(tmp_path / "data", database_url)
        command = [sys.executable, "-m", "meldpunt", "serve", "--host", "127.0.0.1", "--port", "0"]
        process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=tmp_path,
        )
        running = RunningServer(_wait_for_url(process), tmp_path / "data", env, process)
        try:
            yield running
        finally:
            running.stop()
            process.stdout.close()
