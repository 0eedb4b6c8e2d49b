"""Master keys for the content store: files named by key id, one of them current.

Layout under the keys directory: `content/<key id>.key` (64 hex characters, owner-only) and
`content/current` (the id new objects are wrapped with). Keys are only ever added; an old key
is deleted only after no object is wrapped with it any more (see ContentStore.rotate).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from meldpunt.core.atomic_files import write_atomically

KEY_ID = re.compile(r"^[0-9a-f]{16}$")


class KeyringError(RuntimeError):
    """A master key is missing or damaged; content wrapped with it cannot be opened."""


class Keyring:
    """The master keys in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def ensure(self) -> str:
        """Create the directory and a first key if there is none; return the current key id."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
        if not (self.directory / "current").exists():
            self._set_current(self._new_key())
        return self.current_id()

    def current_id(self) -> str:
        """The key id new objects are wrapped with."""
        try:
            key_id = (self.directory / "current").read_text().strip()
        except FileNotFoundError:
            raise KeyringError(
                "no current content key; run `meldpunt serve` or `meldpunt migrate` once"
            ) from None
        if not KEY_ID.match(key_id):
            raise KeyringError("the current content key id is damaged")
        return key_id

    def key(self, key_id: str) -> bytes:
        """The 32-byte master key with this id."""
        if not KEY_ID.match(key_id):
            raise KeyringError("not a content key id")
        try:
            key = bytes.fromhex((self.directory / f"{key_id}.key").read_text().strip())
        except (FileNotFoundError, ValueError):
            raise KeyringError(f"content key {key_id} is missing or damaged") from None
        if len(key) != 32:
            raise KeyringError(f"content key {key_id} is damaged")
        return key

    def ids(self) -> list[str]:
        """Every key id on disk."""
        return sorted(p.stem for p in self.directory.glob("*.key") if KEY_ID.match(p.stem))

    def start_rotation(self) -> str:
        """Make a new key current; objects still wrapped with older keys keep working."""
        key_id = self._new_key()
        self._set_current(key_id)
        return key_id

    def retire(self, key_id: str) -> None:
        """Delete a key that no object uses any more (never the current one)."""
        if key_id == self.current_id():
            raise KeyringError("the current key cannot be retired")
        (self.directory / f"{key_id}.key").unlink(missing_ok=True)

    def _new_key(self) -> str:
        key_id = secrets.token_hex(8)
        write_atomically(self.directory / f"{key_id}.key", secrets.token_bytes(32).hex().encode())
        return key_id

    def _set_current(self, key_id: str) -> None:
        write_atomically(self.directory / "current", key_id.encode())
