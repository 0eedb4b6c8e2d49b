"""The reports router of the API: POST /api/v1/reports, with the partner's key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from ninja import Header, Router, Status

from meldpunt.api.auth import PartnerRequest
from meldpunt.api.problems import Problem, url_problem
from meldpunt.core.directory import Scope
from meldpunt.intake import partner_intake
from meldpunt.intake.api_schemas import IDEMPOTENCY_KEY_PATTERN, ReportIn, ReportOut
from meldpunt.intake.partner_intake import IdempotencyConflict, UrlsRejected

REFUSED = "No report was stored: the request does not follow the schema."

router = Router(tags=["reports"])


@router.post(
    "",
    response={
        200: ReportOut,
        201: ReportOut,
        403: Problem,
        409: Problem,
        422: Problem,
        429: Problem,
    },
    summary="Send a report",
    operation_id="create_report",
)
def create_report(
    request: PartnerRequest,
    payload: ReportIn,
    idempotency_key: str | None = Header(
        default=None,
        alias="Idempotency-Key",
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="Any printable ASCII, at most 200 characters; a retry with the same key "
        "and body returns the first answer and stores nothing new.",
    ),
) -> Status[Problem] | Status[dict[str, Any]]:
    """Store a report. Repeat a request with the same Idempotency-Key to retry it safely."""
    partner = request.auth
    if not partner.may(Scope.REPORT):
        return Status(
            403,
            Problem(detail="This API key may not send reports: it lacks the 'report' scope."),
        )
    if is_ratelimited(
        request,
        group="api",
        key=lambda g, r: str(partner.pk),
        rate=settings.MELDPUNT_API_RATE,
        increment=True,
    ):
        return Status(
            429, Problem(detail="Too many requests for this partner key; slow down and retry.")
        )
    try:
        outcome = partner_intake.take_partner_report(partner, payload.dict(), idempotency_key)
    except UrlsRejected as error:
        return Status(
            422,
            Problem(
                detail="No report was stored: some URLs were refused.",
                errors=[url_problem(index, rejected) for index, rejected in error.problems],
            ),
        )
    except IdempotencyConflict:
        return Status(
            409,
            Problem(
                detail=(
                    "This Idempotency-Key was already used for a different request. "
                    "Use a new key for a new report."
                )
            ),
        )
    return Status(200 if outcome.replayed else 201, outcome.body)
