"""Signed checkpoints of the audit trail's head, and the append-only file that keeps them.

A checkpoint says "the trail had reached event `seq`, whose hash was `head`, at time `at`",
signed with an Ed25519 key kept outside the database. Someone who can only write to the
database can rewrite the chain, but cannot sign: every checkpoint signed before the rewrite
still names the old events and gives it away. The file holds one JSON object a line:

    {"at": "2026-11-24T10:00:00.000000Z", "head": "<64 hex>", "key": "<signer's public key>",
     "reason": "hourly", "seq": 4711, "sig": "<Ed25519 signature, 128 hex>", "v": 1}
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from meldpunt.core.atomic_files import fsync_directory

FORMAT_VERSION = 1
# Signatures over this prefix cannot be replayed as signatures of anything else made with the key.
SIGNING_CONTEXT = b"meldpunt audit checkpoint v1\n"
MAX_LINE = 2048
TAIL_BYTES = 2 * MAX_LINE
FIELDS = frozenset({"v", "seq", "head", "at", "reason", "key", "sig"})
HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEX128 = re.compile(r"^[0-9a-f]{128}$")
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
REASON = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")
MAX_SEQ = 2**63 - 1


class CheckpointDamaged(ValueError):
    """A line of a checkpoint file is not a checkpoint; the message says what is wrong."""


@dataclass(frozen=True)
class Checkpoint:
    """One signed statement of the trail's head."""

    seq: int
    head: str
    signed_at: str
    reason: str
    key: str
    signature: str

    def signed_message(self) -> bytes:
        """The exact bytes the signature covers."""
        return SIGNING_CONTEXT + _canonical(self._signed_fields())

    def to_line(self) -> str:
        """The checkpoint as one line of the file (without the newline)."""
        return _canonical({**self._signed_fields(), "sig": self.signature}).decode("ascii")

    def _signed_fields(self) -> dict[str, Any]:
        return {
            "v": FORMAT_VERSION,
            "seq": self.seq,
            "head": self.head,
            "at": self.signed_at,
            "reason": self.reason,
            "key": self.key,
        }

    def signature_holds(self, verify_key: bytes) -> bool:
        """True if this installation's key (not merely the key the line names) signed it."""
        if self.key != verify_key.hex():
            return False
        try:
            VerifyKey(verify_key).verify(self.signed_message(), bytes.fromhex(self.signature))
        except BadSignatureError:
            return False
        return True


def sign_checkpoint(
    signing_key: bytes, seq: int, head: str, signed_at: str, reason: str
) -> Checkpoint:
    """A checkpoint of (seq, head) signed with the 32-byte Ed25519 seed `signing_key`."""
    if not REASON.match(reason):
        raise ValueError(f"a checkpoint reason is 1-64 letters, digits or . _ : -: {reason!r}")
    key = SigningKey(signing_key)
    unsigned = Checkpoint(seq, head, signed_at, reason, key.verify_key.encode().hex(), "")
    signature = key.sign(unsigned.signed_message()).signature.hex()
    return Checkpoint(seq, head, signed_at, reason, unsigned.key, signature)


def verify_key_of(signing_key: bytes) -> bytes:
    """The public half of a signing seed."""
    return SigningKey(signing_key).verify_key.encode()


def parse_checkpoint(line: str) -> Checkpoint:
    """Read one line; anything but a well-formed checkpoint raises CheckpointDamaged."""
    if len(line) > MAX_LINE:
        raise CheckpointDamaged("the line is too long")
    try:
        fields = json.loads(line)
    except (ValueError, RecursionError):
        raise CheckpointDamaged("the line is not JSON") from None
    if not isinstance(fields, dict) or set(fields) != FIELDS:
        raise CheckpointDamaged("the line does not have a checkpoint's fields")
    _check_fields(fields)
    return Checkpoint(
        fields["seq"], fields["head"], fields["at"], fields["reason"], fields["key"], fields["sig"]
    )


def _check_fields(fields: dict[str, Any]) -> None:
    if fields["v"] != FORMAT_VERSION or isinstance(fields["v"], bool):
        raise CheckpointDamaged(f"the format version is not {FORMAT_VERSION}")
    seq = fields["seq"]
    if not isinstance(seq, int) or isinstance(seq, bool) or not 0 <= seq <= MAX_SEQ:
        raise CheckpointDamaged("its event number is not a whole number")
    patterns = {"head": HEX64, "at": STAMP, "reason": REASON, "key": HEX64, "sig": HEX128}
    for name, pattern in patterns.items():
        if not isinstance(fields[name], str) or not pattern.match(fields[name]):
            raise CheckpointDamaged(f"its {name!r} field is malformed")


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


class CheckpointFile:
    """The append-only file of checkpoints: lines are only ever added, each one fsynced.

    Writers take an exclusive lock on the file (readers a shared one), so that checkpoints
    signed at the same moment by the web server and a job worker land whole and in order."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read_lines(self) -> list[str] | None:
        """Every line, in order (an unfinished last line included); None if there is no file."""
        try:
            descriptor = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        with os.fdopen(descriptor, "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_SH)
            data = handle.read()
        text = data.decode("utf-8", errors="replace")
        lines = text.split("\n")
        return lines[:-1] if text.endswith("\n") or not text else lines

    def extend(
        self, next_checkpoint: Callable[[Checkpoint | None], Checkpoint]
    ) -> tuple[Checkpoint, bool]:
        """Append what `next_checkpoint(latest)` returns, called under the file's lock with the
        latest readable checkpoint (or None); returning `latest` itself appends nothing.
        Returns the checkpoint and whether it was appended."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC
        descriptor = os.open(self.path, flags, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            latest, unfinished, empty = _latest(descriptor)
            checkpoint = next_checkpoint(latest)
            if checkpoint is latest:
                return checkpoint, False
            # A line left unfinished by a crash stays (as damaged); the new one starts afresh.
            line = ("\n" if unfinished else "") + checkpoint.to_line() + "\n"
            _write_all(descriptor, line.encode("ascii"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if empty:
            fsync_directory(self.path.parent)
        return checkpoint, True


def _latest(descriptor: int) -> tuple[Checkpoint | None, bool, bool]:
    """The last line's checkpoint if it reads as one, whether the file ends mid-line, and
    whether it is empty."""
    size = os.fstat(descriptor).st_size
    tail = os.pread(descriptor, TAIL_BYTES, max(0, size - TAIL_BYTES))
    unfinished = bool(tail) and not tail.endswith(b"\n")
    lines = tail.split(b"\n")
    last = b"" if unfinished or len(lines) < 2 else lines[-2]
    try:
        return parse_checkpoint(last.decode("ascii")), unfinished, size == 0
    except (CheckpointDamaged, UnicodeDecodeError):
        return None, unfinished, size == 0


def _write_all(descriptor: int, data: bytes) -> None:
    while data:
        data = data[os.write(descriptor, data) :]
