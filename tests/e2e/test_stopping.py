"""Starting and stopping `meldpunt serve` as an operator does: Ctrl-C with captures in flight,
a second serve on the same data directory, a port in use, and what lands on disk."""

import os
import re
import signal
import socket
import stat

import pytest

from tests.e2e.processes import (
    environment,
    items,
    kill_group,
    meldpunt,
    start_serve,
    throwaway_database,
    wait_for_items,
)
from tests.support.capture_site import build_site
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.e2e

FINAL = {"concluded", "failed_final"}


def serve(env, tmp_path, log_name="serve.log"):
    process, _ = start_serve(env, tmp_path, tmp_path / log_name)
    return process, tmp_path / log_name


def test_one_ctrl_c_stops_serve_and_no_capture_is_failed(tmp_path):
    with local_site() as site, throwaway_database() as database_url:
        plan = build_site(site, photos=24, listed=1, delay=0.4)
        settings = {
            "fetch_allow_loopback": "1",
            "job_workers": "2",
            "capture_batch": "4",
            "fetch_concurrency": "2",
        }
        env = environment(tmp_path / "data", database_url, **settings)
        assert meldpunt(env, "migrate").returncode == 0
        rows = "".join(f"{site.url(p)};;R{n};e2e;image\n" for n, p in enumerate(plan.fresh))
        (tmp_path / "reports.csv").write_text("url;referer;reference;source;type\n" + rows)
        first, log = serve(env, tmp_path)
        assert meldpunt(env, "import-reports", str(tmp_path / "reports.csv")).returncode == 0
        wait_for_items(lambda found: sum(f["state"] in FINAL for f in found) >= 2, env)

        os.killpg(first.pid, signal.SIGINT)  # Ctrl-C reaches the terminal's whole process group
        try:
            first.wait(timeout=30)
        finally:
            kill_group(first)
        output = log.read_text()
        assert first.returncode == 0, output
        assert "Traceback" not in output and "Meldpunt stopped." in output
        at_stop = items(env)
        assert any(f["state"] not in FINAL for f in at_stop), "the stop came too late to test"
        assert not [f for f in at_stop if f["state"].startswith("failed")], at_stop

        second, _ = serve(env, tmp_path, "serve-again.log")
        try:
            found = wait_for_items(lambda found: all(f["state"] in FINAL for f in found), env)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    assert {f["case_state"] for f in found} == {"awaiting_assessment"}
    assert all(f["attempts"] <= 2 for f in found), [f["attempts"] for f in found]


def test_work_longer_than_the_grace_period_is_given_back_not_left_leased(tmp_path):
    with local_site() as site, throwaway_database() as database_url:
        build_site(site, photos=3, listed=1)
        slow = "/slow.jpg"
        site.routes[slow] = Route(site.routes["/photos/2.jpg"].body, delay_seconds=14)
        env = environment(tmp_path / "data", database_url, fetch_allow_loopback="1")
        first, log = serve(env, tmp_path)
        imported = meldpunt(env, "import-reports", str(_csv(tmp_path, site.url(slow))))
        assert imported.returncode == 0, imported.stderr
        wait_for_items(lambda found: found and found[0]["state"] == "fetching", env)
        first.send_signal(signal.SIGINT)
        try:
            first.wait(timeout=30)  # the grace period is 10 s; the download would take 14
        finally:
            kill_group(first)
        output = log.read_text()
        assert first.returncode == 0 and "Gave back 1 captures" in output, output
        [item] = items(env)
        assert item["state"] == "fetching" and item["attempts"] == 0

        # Given back, not leased: the restart takes it up at once (the lease would be 5 min).
        second, _ = serve(env, tmp_path, "serve-again.log")
        try:
            [done] = wait_for_items(lambda found: found[0]["state"] in FINAL, env, seconds=90)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
    assert done["case_state"] == "awaiting_assessment" and done["attempts"] == 1


def _csv(tmp_path, *urls: str):
    path = tmp_path / "reports.csv"
    rows = "".join(f"{url};;R{n};e2e;image\n" for n, url in enumerate(urls))
    path.write_text("url;referer;reference;source;type\n" + rows)
    return path


def test_a_second_serve_on_the_same_data_directory_is_refused(tmp_path):
    with throwaway_database() as database_url:
        env = environment(tmp_path / "data", database_url)
        first, _ = serve(env, tmp_path)
        try:
            second = meldpunt(env, "serve", "--host", "127.0.0.1", "--port", "0", timeout=60)
            assert second.returncode == 1
            assert "Another Meldpunt is already serving" in second.stderr
            assert f"process {first.pid}" in second.stderr
        finally:
            first.send_signal(signal.SIGTERM)
            first.wait(timeout=30)
        # Once the first has stopped, the data directory is free again.
        again, _ = serve(env, tmp_path, "again.log")
        again.send_signal(signal.SIGTERM)
        assert again.wait(timeout=30) == 0


def test_a_port_in_use_is_found_before_any_job_starts(tmp_path):
    env = environment(tmp_path / "data", None)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        refused = meldpunt(env, "serve", "--host", "127.0.0.1", "--port", port, timeout=60)
    assert refused.returncode == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in refused.stderr
    assert "--port" in refused.stderr
    assert "Background jobs" not in refused.stdout
    assert "Huey consumer started" not in refused.stderr


def open_to_others(path) -> list[str]:
    entries = [path, *path.rglob("*")]
    return [f"{e} {oct(e.lstat().st_mode)}" for e in entries if e.lstat().st_mode & 0o077]


def test_nothing_in_the_data_directory_is_readable_by_others(tmp_path):
    env = environment(tmp_path / "data", None)
    process, _ = serve(env, tmp_path)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert (tmp_path / "data" / "meldpunt.sqlite3").exists()
    assert open_to_others(tmp_path / "data") == []


def test_an_open_data_directory_is_tightened_with_a_notice(tmp_path):
    env = environment(tmp_path / "data", None)
    assert meldpunt(env, "migrate").returncode == 0
    data = tmp_path / "data"
    os.chmod(data, 0o755)  # noqa: S103 - as an older Meldpunt left it
    os.chmod(data / "meldpunt.sqlite3", 0o644)
    process, log = serve(env, tmp_path)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    assert "readable by the owner only" in log.read_text()
    assert open_to_others(data) == []


def test_the_start_says_what_it_should_and_only_once(tmp_path):
    env = environment(tmp_path / "data", None, fetch_allow_loopback="1")
    process, log = serve(env, tmp_path)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    first = log.read_text()
    assert "meldpunt createuser --role admin" in first
    assert "MELDPUNT_FETCH_ALLOW_LOOPBACK=1" in first and "never for real reports" in first
    stamps = re.findall(r"^(\S+) (?:INFO|WARNING|ERROR) ", first, re.M)
    assert stamps and all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", s) for s in stamps
    )

    created = meldpunt(
        env,
        *("createuser", "chief", "--role", "admin", "--password-stdin"),
        stdin="a-long-password-for-the-chief\n",
    )
    assert created.returncode == 0, created.stderr
    again, log = serve(env, tmp_path, "again.log")
    again.send_signal(signal.SIGTERM)
    again.wait(timeout=30)
    assert "createuser" not in log.read_text()
