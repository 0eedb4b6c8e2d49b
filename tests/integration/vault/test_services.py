"""Rotating the content key: the store it is given, every object still readable, audited."""

import pytest

from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor
from meldpunt.core.vault.keyring import Keyring
from meldpunt.core.vault.store import ContentStore
from meldpunt.vault.services import objects_to_rewrap, rotate_content_key
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tmp_path):
    keyring = Keyring(tmp_path / "keys" / "content")
    keyring.ensure()
    return ContentStore(tmp_path / "content", keyring)


def test_the_given_store_is_rotated_with_progress_and_the_rotation_audited(store):
    person = factories.staff_user(role="admin")
    ids = [store.put(f"benign {n}".encode()) for n in range(3)]
    before = store.keyring.current_id()
    assert objects_to_rewrap(store) == 3
    steps: list[int] = []
    report = rotate_content_key(store, Actor.staff(person), progress=steps.append)
    assert steps == [1, 1, 1] and report.rewrapped == 3
    assert store.keyring.current_id() == report.new_key_id != before
    assert [store.get(i) for i in ids] == [f"benign {n}".encode() for n in range(3)]
    event = AuditEvent.objects.get(action="keys.rotated")
    assert event.actor == Actor.staff(person).label
    assert event.details == {
        "new_key_id": report.new_key_id,
        "rewrapped": 3,
        "retired": [before],
        "damaged": [],
    }


def test_a_damaged_key_record_is_named_in_the_audit_trail_and_nothing_else(store):
    kept = store.put(b"kept")
    leftover = store.put(b"cut short")
    key_record = store.directory / "objects" / leftover[:2] / f"{leftover}.key"
    key_record.write_bytes(key_record.read_bytes()[:30])
    report = rotate_content_key(store, Actor.system())
    assert report.damaged == (leftover,) and store.get(kept) == b"kept"
    details = AuditEvent.objects.get(action="keys.rotated").details
    assert details["damaged"] == [leftover] and details["rewrapped"] == 1
    assert "kept" not in str(details) and "cut short" not in str(details)
