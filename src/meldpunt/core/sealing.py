"""Sealing reporter contact data with a public key, so only the private key opens it."""

from __future__ import annotations

from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox


class UnsealFailed(ValueError):
    """The sealed data does not open with this key: wrong key or damaged data."""


@dataclass(frozen=True)
class SealingKeyPair:
    """A Curve25519 key pair, as raw bytes."""

    public: bytes
    private: bytes


def generate_key_pair() -> SealingKeyPair:
    """A new key pair for sealing contact data."""
    private = PrivateKey.generate()
    return SealingKeyPair(public=bytes(private.public_key), private=bytes(private))


def seal(public_key: bytes, plaintext: str) -> bytes:
    """Encrypt for the holder of the private key; the sender keeps no way to read it."""
    return bytes(SealedBox(PublicKey(public_key)).encrypt(plaintext.encode("utf-8")))


def unseal(private_key: bytes, sealed: bytes) -> str:
    """Open sealed data with the private key."""
    try:
        return SealedBox(PrivateKey(private_key)).decrypt(sealed).decode("utf-8")
    except (CryptoError, UnicodeDecodeError) as error:
        raise UnsealFailed("sealed data does not open with this key") from error
