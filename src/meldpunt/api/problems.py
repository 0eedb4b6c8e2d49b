"""What the API answers when it refuses a request: a Problem, with one entry per field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ninja import Schema
from pydantic import Field

from meldpunt.core.urls import Rejection, UrlRejected


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
