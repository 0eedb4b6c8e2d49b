"""Starting our own commands as real processes, each with its own data directory."""

import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
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


def meldpunt(
    env: dict[str, str], *args: str, timeout: int = 120, stdin: str | None = None
) -> subprocess.CompletedProcess:
    """Run one `meldpunt` command to completion (with `stdin` as its input, if given)."""
    return run_python(env, "-m", "meldpunt", *args, timeout=timeout, stdin=stdin)


def run_python(
    env: dict[str, str], *args: str, timeout: int = 120, stdin: str | None = None
) -> subprocess.CompletedProcess:
    """Run this Python with `args` in `env` to completion; its output is captured."""
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        input=stdin,
        text=True,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def items(env: dict[str, str]) -> list[dict]:
    """`meldpunt items --json`: every item with its capture state, as an operator sees it."""
    done = meldpunt(env, "items", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def wait_for_items(predicate, env: dict[str, str], seconds: float = 180) -> list[dict]:
    """Poll the items until `predicate(items)` holds; the test fails with their states if not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = items(env)
        if predicate(found):
            return found
        time.sleep(0.5)
    raise AssertionError("timed out; states: " + json.dumps(sorted(f["state"] for f in found)))


def start(env: dict[str, str], *args: str, cwd: Path, log: Path | None = None) -> subprocess.Popen:
    """Start a long-running `meldpunt` command; its output is readable line by line, or, for
    long runs whose output nobody reads (a full pipe would stall the process), goes to `log`.
    It leads its own process group, so `kill_group` takes its children with it."""
    output = open(log, "w") if log else subprocess.PIPE  # noqa: SIM115 - the process owns it
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "meldpunt", *args],
            env=env,
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
    finally:
        if log:
            output.close()


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a started command and every process under it, as a crashed machine would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for its parent to reap it is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@contextlib.contextmanager
def serving(env: dict[str, str], cwd: Path, *args: str, seconds: float = 60) -> Iterator[str]:
    """`meldpunt serve` on 127.0.0.1 and a free port, its output going to serve.log in `cwd`
    (a long run's output would fill a pipe nobody reads); yields its base URL, then stops it
    with SIGTERM."""
    process, url = start_serve(env, cwd, cwd / "serve.log", *args, seconds=seconds)
    try:
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                kill_group(process)


def start_serve(
    env: dict[str, str], cwd: Path, log: Path, *args: str, seconds: float = 60
) -> tuple[subprocess.Popen, str]:
    """Start `meldpunt serve` on 127.0.0.1 and a free port, output to `log`; wait until it
    says where it runs. (The process, its base URL.)"""
    process = start(env, "serve", "--host", "127.0.0.1", "--port", "0", *args, cwd=cwd, log=log)
    return process, _announced_url(process, log, seconds)


def _announced_url(process: subprocess.Popen, log: Path, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"running at (http://127\.0\.0\.1:\d+/)", log.read_text())
        if found:
            return found.group(1)
        time.sleep(0.1)
    kill_group(process)
    raise AssertionError("meldpunt serve did not start:\n" + log.read_text())
