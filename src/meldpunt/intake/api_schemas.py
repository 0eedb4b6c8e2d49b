"""The partner API's request and answer bodies, with the rules a client can check itself."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from meldpunt.core.plain_text import HiddenCharacter, check_plain_text
from meldpunt.core.reports import MAX_URLS_PER_REPORT, Medium
from meldpunt.core.urls import (
    CLIENT_URL_PATTERN,
    MAX_URL_LENGTH,
    URL_RULES,
)

IDEMPOTENCY_KEY_PATTERN = r"^[ -~]{1,200}$"  # printable ASCII, as an HTTP header carries it
_HIDDEN = "control, format or bidi characters (such as ESC, BEL, U+202E, U+2066)"
_ONE_LINE = f"One line, with no {_HIDDEN}."
_LINES = f"Tabs and line breaks (LF, CR LF) are allowed, but no other {_HIDDEN}."


def _refuse_hidden(multiline: bool) -> BeforeValidator:
    """Checked before any other rule, so that a hidden character is named as such."""

    def check(value: Any) -> Any:
        if isinstance(value, str):
            try:
                check_plain_text(value, multiline=multiline)
            except HiddenCharacter as hidden:
                raise PydanticCustomError("control_characters", str(hidden)) from None
        return value

    return BeforeValidator(check)


# The constraints before the validator: so the schema shows all of them, and pydantic still
# runs a before-validator ahead of every constraint.
ReportedUrl = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_URL_LENGTH, pattern=CLIENT_URL_PATTERN),
    _refuse_hidden(multiline=False),
    Field(
        description=f"{URL_RULES} The pattern is a check a client can make before sending; "
        "an address that matches it may still be refused, with the reason, in `errors`.",
        examples=["https://example.com/a.jpg", "hxxp://example[.]org/b"],
    ),
]


SingleLineText = Annotated[str, _refuse_hidden(multiline=False)]
MultiLineText = Annotated[str, _refuse_hidden(multiline=True)]


class ReportIn(Schema):
    """A report from a partner."""

    urls: list[ReportedUrl] = Field(
        min_length=1,
        max_length=MAX_URLS_PER_REPORT,
        description="The reported addresses; repeats within one report count once.",
    )
    medium: Medium = Field(default=Medium.OTHER, description="What the addresses show.")
    source: SingleLineText = Field(
        default="", max_length=200, description=f"Where the partner found them. {_ONE_LINE}"
    )
    reference: SingleLineText = Field(
        default="", max_length=200, description=f"The partner's own reference. {_ONE_LINE}"
    )
    description: MultiLineText = Field(
        default="", max_length=5000, description=f"Anything else. {_LINES}"
    )


class ItemOut(Schema):
    """One address of the report, as Meldpunt will fetch it. Nothing is said about other
    reports of the same address: a partner learns nothing about other reporters."""

    index: int = Field(description="Position in `urls` of the first request URL it came from.")
    url: str = Field(description="The address in canonical form.")


class ReportOut(Schema):
    """The stored report."""

    receipt_code: str
    items: list[ItemOut]
