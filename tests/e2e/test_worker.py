"""`meldpunt worker` runs queued jobs from Redis in a separate process."""

import secrets
import signal
import textwrap

import pytest

from tests.e2e.processes import environment, meldpunt, start, throwaway_database

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
