"""Key material in the data directory: made on first run, never overwritten, owner-only."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from nacl.public import PrivateKey
from nacl.signing import SigningKey

from meldpunt.core import outgoing_keys
from meldpunt.core.atomic_files import atomic_file
from meldpunt.core.sealing import generate_key_pair
from meldpunt.core.vault.keyring import Keyring

SECRET_KEY_FILE = "django-secret-key"  # noqa: S105 -- a file name, not a secret
CONTACT_KEY_FILE = "contact-sealing.key"
AUDIT_KEY_FILE = "audit-signing.key"
OUTGOING_KEY_FILE = "outgoing-api-keys.key"


class KeyDamaged(RuntimeError):
    """A key file exists but does not hold a key; it is never replaced automatically."""


class KeyStore:
    """The keys directory inside the data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / "keys"

    def ensure(self) -> None:
        """Create every key that does not exist yet; existing keys are kept."""
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.path, 0o700)
        if not (self.path / SECRET_KEY_FILE).exists():
            _create_once(self.path / SECRET_KEY_FILE, secrets.token_urlsafe(64).encode())
        if not (self.path / CONTACT_KEY_FILE).exists():
            _create_once(self.path / CONTACT_KEY_FILE, generate_key_pair().private.hex().encode())
        if not (self.path / AUDIT_KEY_FILE).exists():
            _create_once(self.path / AUDIT_KEY_FILE, bytes(SigningKey.generate()).hex().encode())
        if not (self.path / OUTGOING_KEY_FILE).exists():
            _create_once(self.path / OUTGOING_KEY_FILE, outgoing_keys.new_secret().hex().encode())
        self.content_keyring().ensure()

    def content_keyring(self) -> Keyring:
        """Master keys that wrap the content store's object keys."""
        return Keyring(self.path / "content")

    def secret_key(self) -> str:
        """Django's signing secret."""
        return (self.path / SECRET_KEY_FILE).read_text().strip()

    def contact_public_key(self) -> bytes:
        """Seals reporter contact data at intake."""
        return bytes(PrivateKey(self.contact_private_key()).public_key)

    def contact_private_key(self) -> bytes:
        """Opens reporter contact data; used only by the privacy officer's action."""
        return bytes.fromhex((self.path / CONTACT_KEY_FILE).read_text().strip())

    def audit_signing_key(self) -> bytes:
        """The Ed25519 seed that signs the audit trail's checkpoints; the database never sees it."""
        path = self.path / AUDIT_KEY_FILE
        try:
            seed = bytes.fromhex(path.read_text().strip())
        except ValueError:
            seed = b""
        if len(seed) != 32:
            raise KeyDamaged(f"the audit signing key {path} is damaged; restore it from a backup")
        return seed

    def outgoing_keys_secret(self) -> bytes:
        """Encrypts the API keys of partner hotlines that the directory holds (SecretBox)."""
        path = self.path / OUTGOING_KEY_FILE
        try:
            secret = bytes.fromhex(path.read_text().strip())
        except (ValueError, FileNotFoundError):
            secret = b""
        if len(secret) != 32:
            raise KeyDamaged(f"the outgoing API key secret {path} is damaged; restore it")
        return secret


def _create_once(path: Path, content: bytes) -> None:
    """Publish a complete owner-only file atomically; if another process won, keep theirs."""
    with atomic_file(path, keep_existing=True) as handle:
        handle.write(content)
