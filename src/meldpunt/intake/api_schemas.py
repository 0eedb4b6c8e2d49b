"""The partner API's request and answer bodies, with the rules a client can check itself."""

from __future__ import annotations

from collections.abc import Sequence
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
    Rejection,
    UrlRejected,
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


class FieldProblem(Schema):
    """Why one field of the request was refused."""

    field: str = Field(description='The field: "urls[2]", "source", "Idempotency-Key", ...')
    index: int | None = Field(default=None, description="For a URL: its position in `urls`.")
    reason: str = Field(description="A stable word: empty, too_long, unsupported_scheme, ...")
    message: str


class Problem(Schema):
    """An error, with what to do about it."""

    detail: str
    errors: list[FieldProblem] = []


def url_problem(index: int, rejected: UrlRejected) -> FieldProblem:
    """A URL that the core refused."""
    return FieldProblem(
        field=f"urls[{index}]",
        index=index,
        reason=rejected.reason.value,
        message=rejected.explanation,
    )


# pydantic's words for what failed, in the words the API uses for the same failures
_URL_REASONS = {
    "string_too_short": Rejection.EMPTY,
    "too_short": Rejection.EMPTY,
    "string_too_long": Rejection.TOO_LONG,
    "too_long": Rejection.TOO_LONG,
    "string_pattern_mismatch": Rejection.UNSUPPORTED_SCHEME,  # hidden characters come first
}
_REASONS = {
    "string_too_long": "too_long",
    "too_short": "too_few",
    "too_long": "too_many",
    "missing": "missing",
    "enum": "unknown_value",
    "control_characters": "control_characters",
    "string_pattern_mismatch": "invalid_characters",
}


def field_problem(error: dict[str, Any]) -> FieldProblem:
    """A validation error of django-ninja as the API states problems."""
    location = [part for part in error.get("loc", ()) if part not in ("body", "payload", "header")]
    name = str(location[0]) if location else "body"
    reason = _REASONS.get(error["type"], "invalid")
    if name == "urls" and len(location) > 1 and isinstance(location[1], int):
        rejection = _URL_REASONS.get(error["type"])
        if rejection is not None:
            return url_problem(location[1], UrlRejected(rejection))
        return FieldProblem(
            field=f"urls[{location[1]}]", index=location[1], reason=reason, message=error["msg"]
        )
    return FieldProblem(field=name, reason=reason, message=error["msg"])


def field_problems(errors: Sequence[dict[str, Any]]) -> list[FieldProblem]:
    """Every validation error, in order."""
    return [field_problem(error) for error in errors]
