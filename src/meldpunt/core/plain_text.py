"""Text people and partners type in: no control, format or bidi characters in any field."""

from __future__ import annotations

import re
import unicodedata

# Cc holds the C0 and C1 controls: ESC, which starts an ANSI escape, the bell, NUL. Cf holds
# the format characters: the bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069) that
# make text read differently from how it is stored, zero-width characters, soft hyphens. Cs
# holds lone surrogates, which a JSON body can carry. Zl and Zp break lines without saying so.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

# A field of several lines may hold tabs and line breaks: LF, or CR LF as browsers send them.
_ORDINARY_LINE_BREAKS = re.compile(r"\r\n|[\t\n]")


class HiddenCharacter(ValueError):
    """A field holds a character that would not show, or would change how the text shows."""

    def __init__(self, position: int, character: str) -> None:
        self.position = position
        self.codepoint = f"U+{ord(character):04X}"
        self.name = unicodedata.name(character, "unnamed")
        super().__init__(
            f"a control or invisible character ({self.codepoint} {self.name}) "
            f"at position {position}"
        )


def first_hidden_character(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The 1-based position and the character of the first refused character, if any."""
    if text.isprintable():  # every refused character is unprintable: the quick common case
        return None
    allowed = _ordinary_breaks(text) if multiline else frozenset()
    for index, character in enumerate(text):
        if index not in allowed and unicodedata.category(character) in REFUSED_CATEGORIES:
            return index + 1, character
    return None


def check_plain_text(text: str, *, multiline: bool = False) -> str:
    """Return `text` unchanged, or raise HiddenCharacter naming the first refused character."""
    found = first_hidden_character(text, multiline=multiline)
    if found is not None:
        raise HiddenCharacter(*found)
    return text


def _ordinary_breaks(text: str) -> frozenset[int]:
    """Indexes of the tabs and line breaks a multi-line field may hold."""
    return frozenset(
        index for match in _ORDINARY_LINE_BREAKS.finditer(text) for index in range(*match.span())
    )
