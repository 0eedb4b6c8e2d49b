"""Partner API keys: shown once, stored only as a hash, found again by a public prefix."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

_SHAPE = re.compile(r"^mp_([a-z0-9]{8})_([A-Za-z0-9_\-]{43})$")


@dataclass(frozen=True)
class IssuedKey:
    """A new key: the full secret for the partner, the prefix and hash for us."""

    secret: str
    prefix: str
    digest: str


def issue_key() -> IssuedKey:
    """Make a new high-entropy key (256 random bits)."""
    prefix = secrets.token_hex(4)
    secret = f"mp_{prefix}_{secrets.token_urlsafe(32)}"
    return IssuedKey(secret, prefix, key_digest(secret))


def key_digest(secret: str) -> str:
    """SHA-256 suffices: keys are random, so there is nothing to guess by brute force."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def key_prefix(secret: str) -> str | None:
    """The lookup prefix of a well-formed key, or None for anything else."""
    match = _SHAPE.match(secret)
    return match.group(1) if match else None


def key_matches(secret: str, digest: str) -> bool:
    """Compare in constant time."""
    return hmac.compare_digest(key_digest(secret), digest)
