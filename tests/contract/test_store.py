"""The content store port: the encrypted store on disk and the in-memory fake answer alike."""

import time

import pytest

from meldpunt.core.vault.keyring import Keyring
from meldpunt.core.vault.store import ContentStore, ObjectUnreadable
from tests.support.parts import MemoryStore


@pytest.fixture(params=["disk", "memory"])
def store(request, tmp_path):
    if request.param == "memory":
        return MemoryStore()
    keyring = Keyring(tmp_path / "keys")
    keyring.ensure()
    return ContentStore(tmp_path / "content", keyring)


def test_what_is_put_is_got_back_under_a_new_id(store):
    first, second = store.put(b"benign bytes"), store.put(b"benign bytes")
    assert first != second
    assert store.get(first) == store.get(second) == b"benign bytes"
    assert store.exists(first)


def test_a_deleted_object_is_gone_and_unreadable(store):
    object_id = store.put(b"benign bytes")
    assert store.delete(object_id) is True
    assert store.delete(object_id) is False
    assert not store.exists(object_id)
    with pytest.raises(ObjectUnreadable):
        store.get(object_id)


def test_an_id_never_stored_is_unreadable(store):
    with pytest.raises(ObjectUnreadable):
        store.get("0" * 32)
    assert not store.exists("0" * 32)


def test_objects_written_before_a_time_are_listed(store):
    object_id = store.put(b"benign bytes")
    assert [i for batch in store.stored_before(time.time() + 60) for i in batch] == [object_id]
    assert list(store.stored_before(time.time() - 3600)) == []
