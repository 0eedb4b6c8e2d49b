"""Objects encrypted at rest: each with its own AES-256-GCM key, wrapped by a master key.

An object is two files under `objects/<2 hex>/`: `<id>.bin` holds nonce + ciphertext, and
`<id>.key` holds the key id, nonce and the wrapped object key. The object id is bound into
both encryptions as associated data, so files cannot be swapped between objects. Rotation
rewrites only the small `.key` files, each by temp file + fsync + rename. A new object's two
files get fresh names, are fsynced, and then their directory once; an object is only referred
to after `put` returns, so a crash mid-put leaves an orphan that nothing names, which
`orphans` finds for the sweep. What is written is already ciphertext: no readable byte ever
reaches the disk.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from meldpunt.core.atomic_files import fsync_directory, write_atomically, write_new
from meldpunt.core.vault.keyring import KEY_ID, Keyring

OBJECT_ID = re.compile(r"^[0-9a-f]{32}$")
NONCE = 12
KEY_FILE_MAGIC = b"MPK1"
BLOB_MAGIC = b"MPB1"


class ObjectUnreadable(RuntimeError):
    """An object is missing, damaged, or its key cannot open it. Says which, never what."""


@dataclass(frozen=True)
class RotationReport:
    """What a rotation did."""

    new_key_id: str
    rewrapped: int
    retired: tuple[str, ...]
    damaged: tuple[str, ...] = ()  # key records that do not open: left as they are


class ContentStore:
    """Put, get and delete encrypted objects in a directory."""

    def __init__(self, directory: Path, keyring: Keyring) -> None:
        self.directory, self.keyring = directory, keyring

    def put(self, data: bytes) -> str:
        """Encrypt and store; returns the new object id."""
        object_id = secrets.token_hex(16)
        object_key = AESGCM.generate_key(256)
        nonce = os.urandom(NONCE)
        blob = BLOB_MAGIC + nonce + AESGCM(object_key).encrypt(nonce, data, object_id.encode())
        folder = self._folder(object_id)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_new(folder / f"{object_id}.bin", blob)
        write_new(folder / f"{object_id}.key", self._wrap(object_id, object_key))
        fsync_directory(folder)
        return object_id

    def get(self, object_id: str) -> bytes:
        """Decrypt one object (in memory only)."""
        object_key = self._unwrap(object_id)
        blob = self._read(object_id, "bin")
        if not blob.startswith(BLOB_MAGIC):
            raise ObjectUnreadable(f"object {object_id} is damaged")
        nonce, sealed = blob[4 : 4 + NONCE], blob[4 + NONCE :]
        try:
            return AESGCM(object_key).decrypt(nonce, sealed, object_id.encode())
        except InvalidTag:
            raise ObjectUnreadable(f"object {object_id} fails its integrity check") from None

    def delete(self, object_id: str, force: bool = False) -> bool:
        """Remove an object, key record first (without it the rest is noise); False if absent.
        With `force`, a lone `.bin` (a put cut short) counts as present too."""
        folder = self._folder(object_id)
        key, blob = folder / f"{object_id}.key", folder / f"{object_id}.bin"
        existed = key.exists() or (force and blob.exists())
        key.unlink(missing_ok=True)
        blob.unlink(missing_ok=True)
        return existed

    def exists(self, object_id: str) -> bool:
        """Whether the object is stored."""
        return (self._folder(object_id) / f"{object_id}.key").exists()

    def object_ids(self) -> Iterator[str]:
        """Every stored object id (by its key record)."""
        for path in self.directory.glob("objects/*/*.key"):
            if OBJECT_ID.match(path.stem):
                yield path.stem

    def stored_before(self, cutoff: float) -> Iterator[list[str]]:
        """Ids of objects (either file) last written before `cutoff` (a Unix time), one list
        per folder: the candidates an orphan sweep checks against what the database names."""
        for folder in sorted(self.directory.glob("objects/*")):
            found: set[str] = set()
            for path in folder.iterdir():
                if OBJECT_ID.match(path.stem) and path.suffix in (".bin", ".key"):
                    try:
                        old = path.stat().st_mtime < cutoff
                    except FileNotFoundError:
                        continue
                    if old:
                        found.add(path.stem)
            if found:
                yield sorted(found)

    def key_id_of(self, object_id: str) -> str:
        """The master key id an object is wrapped with."""
        return self._read(object_id, "key")[4:20].decode("ascii", "replace")

    def rotate(self, progress: Callable[[int], object] | None = None) -> RotationReport:
        """New master key; rewrap every object key; retire keys no object uses. Safe to re-run."""
        new_key_id = self.keyring.start_rotation()
        rewrapped, damaged = 0, []
        for object_id in list(self.object_ids()):
            if self.key_id_of(object_id) != new_key_id:
                try:
                    object_key = self._unwrap(object_id)
                except ObjectUnreadable:  # e.g. a put cut short by a crash: an orphan
                    damaged.append(object_id)
                else:
                    folder = self._folder(object_id)
                    write_atomically(folder / f"{object_id}.key", self._wrap(object_id, object_key))
                    rewrapped += 1
            if progress:
                progress(1)
        in_use = {
            self.key_id_of(object_id) for object_id in self.object_ids() if object_id not in damaged
        }
        retired = tuple(k for k in self.keyring.ids() if k != new_key_id and k not in in_use)
        for key_id in retired:
            self.keyring.retire(key_id)
        return RotationReport(new_key_id, rewrapped, retired, tuple(damaged))

    def _wrap(self, object_id: str, object_key: bytes) -> bytes:
        key_id = self.keyring.current_id()
        nonce = os.urandom(NONCE)
        wrapped = AESGCM(self.keyring.key(key_id)).encrypt(
            nonce, object_key, f"{object_id}:{key_id}".encode()
        )
        return KEY_FILE_MAGIC + key_id.encode("ascii") + nonce + wrapped

    def _unwrap(self, object_id: str) -> bytes:
        record = self._read(object_id, "key")
        key_id = record[4:20].decode("ascii", "replace")
        if not record.startswith(KEY_FILE_MAGIC) or not KEY_ID.match(key_id):
            raise ObjectUnreadable(f"object {object_id} has a damaged key record")
        nonce, wrapped = record[20 : 20 + NONCE], record[20 + NONCE :]
        try:
            return AESGCM(self.keyring.key(key_id)).decrypt(
                nonce, wrapped, f"{object_id}:{key_id}".encode()
            )
        except InvalidTag:
            raise ObjectUnreadable(
                f"object {object_id} has a key record that does not open"
            ) from None

    def _read(self, object_id: str, suffix: str) -> bytes:
        try:
            return (self._folder(object_id) / f"{object_id}.{suffix}").read_bytes()
        except FileNotFoundError:
            raise ObjectUnreadable(f"object {object_id} is not in the store") from None

    def _folder(self, object_id: str) -> Path:
        if not OBJECT_ID.match(object_id):
            raise ObjectUnreadable("not an object id")
        return self.directory / "objects" / object_id[:2]
