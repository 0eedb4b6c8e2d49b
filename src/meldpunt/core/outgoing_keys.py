"""API keys the hotline holds to call others' APIs: encrypted at rest, opened only to be used."""

from __future__ import annotations

import base64
import binascii

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from nacl.utils import random


class OutgoingKeyUnreadable(ValueError):
    """The stored key does not open with this secret: another data directory, or damage."""


def new_secret() -> bytes:
    """A fresh secret key for SecretBox (XSalsa20-Poly1305)."""
    return random(SecretBox.KEY_SIZE)


def lock(secret: bytes, api_key: str) -> str:
    """The API key encrypted (with a random nonce) and authenticated, as ASCII for a text column."""
    return base64.b64encode(bytes(SecretBox(secret).encrypt(api_key.encode("utf-8")))).decode()


def unlock(secret: bytes, locked: str) -> str:
    """The API key back, for the call that needs it; never for display."""
    try:
        return SecretBox(secret).decrypt(base64.b64decode(locked, validate=True)).decode("utf-8")
    except (CryptoError, binascii.Error, ValueError) as error:
        raise OutgoingKeyUnreadable("the stored API key does not open with this key") from error
