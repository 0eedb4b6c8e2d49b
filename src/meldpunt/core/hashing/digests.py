"""Exact digests (MD5, SHA-1, SHA-256) computed in one streaming pass."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CHUNK = 1 << 20


@dataclass(frozen=True)
class Digests:
    """The three digests exact hash lists use, as lower-case hex."""

    md5: str
    sha1: str
    sha256: str


def digest_chunks(chunks: Iterable[bytes]) -> Digests:
    """Hash a stream of byte chunks without holding it all in memory."""
    md5, sha1, sha256 = (
        hashlib.md5(usedforsecurity=False),
        hashlib.sha1(usedforsecurity=False),
        hashlib.sha256(),
    )
    for chunk in chunks:
        md5.update(chunk)
        sha1.update(chunk)
        sha256.update(chunk)
    return Digests(md5.hexdigest(), sha1.hexdigest(), sha256.hexdigest())


def digest_file(path: Path) -> Digests:
    """Digests of a file, read in 1 MiB chunks."""
    with path.open("rb") as handle:
        return digest_chunks(iter(lambda: handle.read(CHUNK), b""))
