"""`meldpunt worker` runs queued jobs from Redis in a separate process."""

import secrets
import signal
import textwrap
import time

import pytest

from tests.e2e.processes import environment, kill_group, meldpunt, start, throwaway_database

pytestmark = pytest.mark.e2e

REDIS_URL = "redis://127.0.0.1:6379/15"

# Periodic tasks keep no return value, so the job is seen by its effect: a verification row.
ENQUEUE = textwrap.dedent("""
    import time
    import django
    django.setup()
    from meldpunt.audit.models import AuditVerification
    from meldpunt.audit.services import Actor, record_event
    from meldpunt.audit.tasks import verify_audit_trail_daily
    record_event(Actor.system(), "test.event", None, {})
    verify_audit_trail_daily()
    deadline = time.monotonic() + 60
    while not AuditVerification.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    check = AuditVerification.objects.first()
    print("CHECKED", check and check.intact, check and check.checked)
""")


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable ({error}); start it to run this test")


def test_a_separate_worker_runs_jobs_queued_over_redis(tmp_path):
    _redis_or_skip()
    with throwaway_database() as database_url:
        env = environment(
            tmp_path / "data",
            database_url,
            jobs="redis",
            redis_url=REDIS_URL,
            job_queue_name=f"meldpunt-e2e-{secrets.token_hex(4)}",
            env="production",
            secret_key=secrets.token_urlsafe(48),
        )
        env["DJANGO_SETTINGS_MODULE"] = "meldpunt.settings"
        assert meldpunt(env, "migrate").returncode == 0
        worker = start(env, "worker", "--workers", "1", "--kind", "thread", cwd=tmp_path)
        try:
            import subprocess
            import sys

            done = subprocess.run(
                [sys.executable, "-c", ENQUEUE],
                env=env,
                text=True,
                capture_output=True,
                timeout=90,
                check=False,
            )
        finally:
            worker.send_signal(signal.SIGINT)
            worker.wait(timeout=30)
            log = worker.stdout.read()
            worker.stdout.close()
        assert "CHECKED True 1" in done.stdout, done.stderr + log
        assert "verify_audit_trail_daily" in log
        assert "Job worker: 1 thread workers on RedisStorage" in log


def test_process_workers_share_the_hash_lists_indexed_once_before_they_start(tmp_path):
    """The consumer indexes the lists before forking its workers; they start ready, sharing it,
    instead of each building its own copy."""
    env = environment(tmp_path / "data", None, jobs="sqlite")
    assert meldpunt(env, "migrate").returncode == 0
    police = ("police", "--kind", "positive", "--classification", "A1")
    assert meldpunt(env, "lists", "create", *police).returncode == 0
    listed = tmp_path / "police.txt"
    listed.write_text("".join(f"pdq {n:064x}\n" for n in range(1, 4)))
    assert meldpunt(env, "lists", "import", "police", str(listed)).returncode == 0

    consumer = start(env, "worker", "--workers", "2", "--kind", "process", cwd=tmp_path)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while sum("ready for captures" in line for line in lines) < 2:
            assert time.monotonic() < deadline, "the workers did not get ready:\n" + "".join(lines)
            lines.append(consumer.stdout.readline())
    finally:
        kill_group(consumer)
        lines += consumer.stdout.readlines()
        consumer.stdout.close()
    output = "".join(lines)
    assert "Indexed 3 hash-list entries" in output
    assert output.count("hash lists indexed: 3 entries") == 1, output
    assert output.count("decoder started, 3 hash-list entries indexed") == 2, output
