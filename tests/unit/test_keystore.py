"""Keys are made once, kept across restarts, and readable only by their owner."""

import stat

from meldpunt.core.sealing import seal, unseal
from meldpunt.keystore import KeyStore


def test_keys_are_made_once_and_kept(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    secret, private = store.secret_key(), store.contact_private_key()
    KeyStore(tmp_path).ensure()
    assert store.secret_key() == secret
    assert store.contact_private_key() == private
    assert len(secret) >= 50


def test_key_files_are_owner_only(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o700
    for path in store.path.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path.name
    assert (store.path / "content" / "current").exists()
    assert not [p for p in store.path.rglob(".new-*")]


def test_public_key_seals_for_the_private_key(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    sealed = seal(store.contact_public_key(), "x@example.org")
    assert unseal(store.contact_private_key(), sealed) == "x@example.org"
