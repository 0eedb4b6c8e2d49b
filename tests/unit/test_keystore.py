"""Keys are made once, kept across restarts, and readable only by their owner."""

import stat

import pytest

from meldpunt.core.audit_checkpoints import sign_checkpoint, verify_key_of
from meldpunt.core.sealing import seal, unseal
from meldpunt.keystore import KeyDamaged, KeyStore


def test_keys_are_made_once_and_kept(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    secret, private = store.secret_key(), store.contact_private_key()
    audit = store.audit_signing_key()
    KeyStore(tmp_path).ensure()
    assert store.secret_key() == secret
    assert store.contact_private_key() == private
    assert store.audit_signing_key() == audit
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


def test_the_audit_key_signs_checkpoints_and_is_its_own_key(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    key = store.audit_signing_key()
    checkpoint = sign_checkpoint(key, 1, "ab" * 32, "2026-11-24T10:00:00.000000Z", "hourly")
    assert checkpoint.signature_holds(verify_key_of(key))
    other = KeyStore(tmp_path / "elsewhere")
    other.ensure()
    assert other.audit_signing_key() != key


def test_a_damaged_audit_key_is_refused_and_kept(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    (store.path / "audit-signing.key").write_text("not a key")
    store.ensure()
    with pytest.raises(KeyDamaged, match=r"audit signing key .* is damaged"):
        store.audit_signing_key()
    assert (store.path / "audit-signing.key").read_text() == "not a key"


def test_the_outgoing_key_secret_is_made_once_and_kept(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    secret = store.outgoing_keys_secret()
    KeyStore(tmp_path).ensure()
    assert KeyStore(tmp_path).outgoing_keys_secret() == secret and len(secret) == 32


def test_a_damaged_outgoing_key_secret_is_refused_not_replaced(tmp_path):
    store = KeyStore(tmp_path)
    store.ensure()
    (store.path / "outgoing-api-keys.key").write_text("short")
    KeyStore(tmp_path).ensure()
    with pytest.raises(KeyDamaged, match="outgoing API key secret"):
        store.outgoing_keys_secret()
