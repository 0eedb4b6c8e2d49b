"""The capture pipeline in real processes: reports in, captures out, a SIGKILL survived.

On the SQLite run the jobs run inside `meldpunt serve`; on the PostgreSQL run they run in a
separate `meldpunt worker` over Redis. Either way the job process is killed with SIGKILL in
the middle, started again, and every item still ends exactly once in its expected state.
"""

import os
import secrets
import signal
import subprocess
import time

import pytest

from tests.e2e.processes import (
    children_of,
    environment,
    is_running,
    items,
    kill_group,
    meldpunt,
    start,
    throwaway_database,
    wait_for_items,
)
from tests.support.capture_site import build_site
from tests.support.webserver import local_site

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/14"
FINAL = {"concluded", "failed_final"}


def redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable ({error}); start it to run this test")


def job_process(env, tmp_path, separate_worker: bool) -> subprocess.Popen:
    if separate_worker:
        return start(env, "worker", "--workers", "2", "--kind", "process", cwd=tmp_path)
    return start(env, "serve", "--host", "127.0.0.1", "--port", "0", cwd=tmp_path)


def test_reports_are_captured_and_survive_a_killed_worker(tmp_path):
    separate_worker = bool(os.environ.get("DATABASE_URL"))
    if separate_worker:
        redis_or_skip()
    with local_site() as site, throwaway_database() as database_url:
        plan = build_site(site, photos=24, listed=4, delay=0.5)
        settings = {
            "fetch_allow_loopback": "1",
            "capture_lease_seconds": "4",
            "capture_reconcile_after_seconds": "0",
            "job_workers": "2",
            "capture_batch": "3",  # small groups, so that the kill lands with work in flight
            "fetch_concurrency": "2",
        }
        if separate_worker:
            settings.update(
                jobs="redis", redis_url=REDIS_URL, job_queue_name=f"capture-{secrets.token_hex(4)}"
            )
        env = environment(tmp_path / "data", database_url, **settings)
        assert meldpunt(env, "migrate").returncode == 0
        assert (
            meldpunt(
                env, "lists", "create", "police", "--kind", "positive", "--classification", "A1"
            ).returncode
            == 0
        )
        (tmp_path / "police.txt").write_bytes(plan.list_file)
        assert (
            meldpunt(env, "lists", "import", "police", str(tmp_path / "police.txt")).returncode == 0
        )

        paths = [*plan.fresh, *plan.listed, plan.page, plan.broken]
        rows = "".join(f"{site.url(p)};;REF-{n};e2e;image\n" for n, p in enumerate(paths))
        (tmp_path / "reports.csv").write_text("url;referer;reference;source;type\n" + rows)
        first = job_process(env, tmp_path, separate_worker)
        imported = meldpunt(env, "import-reports", str(tmp_path / "reports.csv"))
        assert imported.returncode == 0, imported.stderr

        wait_for_items(lambda found: sum(f["state"] in FINAL for f in found) >= 3, env)
        kill_group(first)  # the job process and everything it started, as in a crash
        first.stdout.close()
        at_kill = items(env)
        assert any(f["state"] not in FINAL for f in at_kill), (
            "the kill came too late to test anything"
        )
        time.sleep(4.5)  # let the dead process's leases run out
        second = job_process(env, tmp_path, separate_worker)
        try:
            found = wait_for_items(
                lambda found: found and all(f["state"] in FINAL for f in found), env
            )
        finally:
            second.send_signal(signal.SIGTERM if not separate_worker else signal.SIGINT)
            second.wait(timeout=30)
            second.stdout.close()

    by_url = {f["url"]: f for f in found}
    assert len(by_url) == len(found) == len(paths)  # the page's media were reported too: no doubles
    for path in plan.listed:
        fact = by_url[site.url(path)]
        assert fact["case_state"] == "settled_by_match", fact
        assert [m["outcome"] for m in fact["matches"]] == ["stands"]
    for path in plan.fresh:
        assert by_url[site.url(path)]["case_state"] == "awaiting_assessment", by_url[site.url(path)]
    assert by_url[site.url(plan.page)]["kind"] == "html"
    assert by_url[site.url(plan.broken)]["media_problem"] == "damaged"
    for fact in found:
        assert fact["hosting"]["addresses"][0]["address"] == "127.0.0.1"
        assert len(fact["matches"]) <= 1
    page_children = [f for f in found if f["parent_item"] == by_url[site.url(plan.page)]["item"]]
    assert {f["url"] for f in page_children} <= {site.url(p) for p in plan.page_media}


def test_process_workers_end_with_a_killed_consumer(tmp_path):
    """Workers (and the scheduler) orphaned by a consumer killed with SIGKILL do not live on
    taking jobs and queueing periodic ones."""
    env = environment(tmp_path / "data", None, jobs="sqlite")
    assert meldpunt(env, "migrate").returncode == 0
    consumer = start(env, "worker", "--workers", "2", "--kind", "process", cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(children_of(consumer.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = children_of(consumer.pid)
        assert len(workers) >= 3, "the two worker processes and the scheduler did not start"
        consumer.send_signal(signal.SIGKILL)  # the consumer alone, not its group
        consumer.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(is_running(pid) for pid in workers):
            assert time.monotonic() < deadline, "orphaned workers are still running"
            time.sleep(0.1)
    finally:
        kill_group(consumer)
        consumer.stdout.close()
