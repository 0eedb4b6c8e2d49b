"""The audit trail on the real database set-up (a SQLite file in WAL mode, or PostgreSQL):
a verification sees one snapshot, so events appended during its walk are no forgeries."""

import textwrap

import pytest

from tests.e2e.processes import environment, meldpunt, run_python, throwaway_database

pytestmark = pytest.mark.e2e

# Another connection appends an event after the verification has read the head row and before
# it reads the events: outside one snapshot that event would lie beyond the head.
APPEND_DURING_WALK = textwrap.dedent("""
    import threading
    import django
    django.setup()
    from django.db import connections
    from meldpunt.audit import verification
    from meldpunt.audit.models import AuditEvent
    from meldpunt.audit.services import Actor, record_event

    for n in range(3):
        record_event(Actor.system(), "test.event", None, {"n": n})
    walk = verification._entries

    def append_elsewhere():
        record_event(Actor.system(), "test.event", None, {"n": "late"})
        connections.close_all()

    def entries_with_an_append_in_between():
        writer = threading.Thread(target=append_elsewhere)
        writer.start()
        writer.join()
        yield from walk()

    verification._entries = entries_with_an_append_in_between
    verdict = verification.verify_trail()
    print("VERDICT", verdict.intact, verdict.checked, AuditEvent.objects.count())
    print(*[finding.message for finding in verdict.findings], sep="\\n")
""")


def test_events_appended_during_a_verification_are_not_taken_for_forgeries(tmp_path):
    with throwaway_database() as database_url:
        env = environment(tmp_path / "data", database_url, env="development")
        env["DJANGO_SETTINGS_MODULE"] = "meldpunt.settings"
        assert meldpunt(env, "migrate").returncode == 0
        done = run_python(env, "-c", APPEND_DURING_WALK)
    assert "VERDICT True 3 4" in done.stdout, done.stdout + done.stderr
