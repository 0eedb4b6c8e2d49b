"""Receipt codes: what an anonymous reporter keeps to ask about their report."""

from __future__ import annotations

import re
import secrets

# Crockford's base32: no I, L, O or U, so a code read aloud or retyped survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_GROUPS = 3
_GROUP_LENGTH = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SHAPE = re.compile(rf"^MP[{ALPHABET}]{{{_GROUPS * _GROUP_LENGTH}}}$")


def new_receipt_code() -> str:
    """A fresh random code such as MP-7KQ2-9XHD-3F4A (60 random bits)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(_GROUPS * _GROUP_LENGTH))
    groups = [body[i : i + _GROUP_LENGTH] for i in range(0, len(body), _GROUP_LENGTH)]
    return "-".join(["MP", *groups])


def parse_receipt_code(text: str) -> str | None:
    """The canonical code a person meant, or None if the text cannot be one."""
    compact = re.sub(r"[\s\-]", "", text.upper())
    if compact.startswith("MP"):
        compact = "MP" + compact[2:].translate(_CONFUSABLE)
    if not _SHAPE.match(compact):
        return None
    body = compact[2:]
    groups = [body[i : i + _GROUP_LENGTH] for i in range(0, len(body), _GROUP_LENGTH)]
    return "-".join(["MP", *groups])
