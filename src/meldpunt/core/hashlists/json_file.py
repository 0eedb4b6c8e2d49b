"""JSON list files parsed within limits: size, nesting depth and number length say why they fail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from meldpunt.core.hashlists.entries import ListUnreadable, decode_text

MAX_DIGITS = 19  # every whole number a list file needs fits in 64 bits
NAMES = {int: "a number", float: "a decimal number", str: "text", list: "a list", dict: "an object"}


@dataclass(frozen=True)
class OversizedNumber:
    """A whole number too long to be any field's value, kept as its length so a record can
    be named for it (int() of thousands of digits is refused by Python, or slow)."""

    digits: int

    def __str__(self) -> str:
        return f"a number of {self.digits} digits"


def load_json(data: bytes) -> Any:
    """The parsed document, or ListUnreadable saying what is wrong with the file as a whole."""
    text = decode_text(data)
    try:
        return json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        raise ListUnreadable(
            f"not valid JSON at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        # The C parser counts its nesting against the interpreter's recursion limit.
        raise ListUnreadable("the JSON is nested too deeply to be a list file") from None


def _whole_number(text: str) -> int | OversizedNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else OversizedNumber(digits)


def describe(value: Any) -> str:
    """A JSON value's type in JSON's words, for messages that must not echo the value itself."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, OversizedNumber):
        return str(value)
    return NAMES.get(type(value), type(value).__name__)
