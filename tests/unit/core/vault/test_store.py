"""The content store: nothing readable on disk, integrity checked, keys rotated safely."""

import os

import pytest

from meldpunt.core.vault.keyring import Keyring, KeyringError
from meldpunt.core.vault.store import ContentStore, ObjectUnreadable
from tests.support.imagesets import encode, sample

PHOTO = encode(sample("chelsea.png"), "PNG")


@pytest.fixture
def store(tmp_path):
    keyring = Keyring(tmp_path / "keys" / "content")
    keyring.ensure()
    return ContentStore(tmp_path / "content", keyring)


def every_file_byte(root) -> bytes:
    return b"".join(p.read_bytes() for p in root.rglob("*") if p.is_file())


def test_put_get_round_trip_and_no_plain_bytes_on_disk(store, tmp_path):
    object_id = store.put(PHOTO)
    assert store.get(object_id) == PHOTO
    on_disk = every_file_byte(tmp_path / "content")
    for start in range(0, len(PHOTO) - 32, 997):  # any 32-byte window of the file
        assert PHOTO[start : start + 32] not in on_disk
    assert b"IHDR" not in on_disk


def test_same_content_twice_gives_unrelated_ciphertexts(store, tmp_path):
    first, second = store.put(PHOTO), store.put(PHOTO)
    folder = tmp_path / "content" / "objects"
    blobs = [next(folder.rglob(f"{i}.bin")).read_bytes() for i in (first, second)]
    assert blobs[0][:64] != blobs[1][:64]


def test_tampering_is_detected(store, tmp_path):
    object_id = store.put(PHOTO)
    blob_path = next((tmp_path / "content").rglob(f"{object_id}.bin"))
    damaged = bytearray(blob_path.read_bytes())
    damaged[len(damaged) // 2] ^= 1
    blob_path.write_bytes(bytes(damaged))
    with pytest.raises(ObjectUnreadable, match="integrity"):
        store.get(object_id)


def test_swapped_files_do_not_open(store, tmp_path):
    first, second = store.put(b"first object"), store.put(b"second object")
    find = lambda i, s: next((tmp_path / "content").rglob(f"{i}.{s}"))  # noqa: E731
    find(first, "bin").write_bytes(find(second, "bin").read_bytes())
    with pytest.raises(ObjectUnreadable):
        store.get(first)


def test_errors_name_the_object_never_the_content(store):
    with pytest.raises(ObjectUnreadable, match="not in the store"):
        store.get("0" * 32)
    with pytest.raises(ObjectUnreadable, match="not an object id"):
        store.get("../../etc/passwd")


def test_delete(store):
    object_id = store.put(b"x")
    assert store.delete(object_id) and not store.exists(object_id)
    assert not store.delete(object_id)


def test_rotation_rewraps_every_object_and_retires_the_old_key(store):
    ids = [store.put(f"object {n}".encode()) for n in range(5)]
    old_key = store.keyring.current_id()
    report = store.rotate()
    assert report.rewrapped == 5 and report.retired == (old_key,)
    assert store.keyring.ids() == [report.new_key_id]
    assert [store.get(i) for i in ids] == [f"object {n}".encode() for n in range(5)]
    assert {store.key_id_of(i) for i in ids} == {report.new_key_id}


def test_a_rotation_cut_short_loses_nothing_and_can_be_rerun(store, monkeypatch):
    ids = [store.put(f"object {n}".encode()) for n in range(6)]
    calls = []

    def crash_after_three(count):
        calls.append(count)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.rotate(progress=crash_after_three)
    assert len(store.keyring.ids()) == 2  # the old key stays while objects still use it
    assert [store.get(i) for i in ids] == [f"object {n}".encode() for n in range(6)]
    report = store.rotate()
    assert len(store.keyring.ids()) == 1 and len(report.retired) == 2
    assert [store.get(i) for i in ids] == [f"object {n}".encode() for n in range(6)]


def test_a_missing_master_key_is_a_clear_error(store, tmp_path):
    object_id = store.put(b"x")
    for key_file in (tmp_path / "keys" / "content").glob("*.key"):
        key_file.unlink()
    with pytest.raises(KeyringError, match="missing or damaged"):
        store.get(object_id)


def test_keys_are_owner_only(store, tmp_path):
    folder = tmp_path / "keys" / "content"
    assert oct(os.stat(folder).st_mode & 0o777) == "0o700"
    for key_file in folder.glob("*.key"):
        assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"


def test_a_damaged_leftover_does_not_stop_a_rotation(store):
    kept = store.put(b"kept")
    leftover = store.put(b"cut short")
    key_record = store.directory / "objects" / leftover[:2] / f"{leftover}.key"
    key_record.write_bytes(key_record.read_bytes()[:30])  # as a crash mid-write might leave it
    report = store.rotate()
    assert report.rewrapped == 1 and report.damaged == (leftover,)
    assert store.get(kept) == b"kept"


def test_old_objects_are_listed_per_folder_for_the_sweep(store):
    import time

    ids = {store.put(f"object {n}".encode()) for n in range(5)}
    assert list(store.stored_before(time.time() - 60)) == []
    found = [object_id for folder in store.stored_before(time.time() + 1) for object_id in folder]
    assert sorted(found) == sorted(ids)


def test_a_new_object_never_overwrites_an_existing_file(tmp_path):
    from meldpunt.core.atomic_files import write_new

    target = tmp_path / "x.bin"
    write_new(target, b"first")
    with pytest.raises(FileExistsError):
        write_new(target, b"second")
    assert target.read_bytes() == b"first" and oct(target.stat().st_mode & 0o777) == "0o600"
