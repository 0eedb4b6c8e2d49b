"""A real `meldpunt serve` process on 127.0.0.1 with its own data directory (and database)."""

import re
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.processes import environment, start, throwaway_database

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
    with throwaway_database() as database_url:
        env = environment(tmp_path / "data", database_url)
        process = start(env, "serve", "--host", "127.0.0.1", "--port", "0", cwd=tmp_path)
        running = RunningServer(_wait_for_url(process), tmp_path / "data", env, process)
        try:
            yield running
        finally:
            running.stop()
            process.stdout.close()
