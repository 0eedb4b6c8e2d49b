"""The partner API: POST /api/v1/reports, authenticated by a per-partner key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited
from ninja import Header, NinjaAPI, Status
from ninja.errors import ValidationError
from ninja.security import APIKeyHeader, HttpBearer

from meldpunt.core.directory import Scope
from meldpunt.directory.models import ApiClient
from meldpunt.directory.services import api_client_for_key
from meldpunt.intake import partner_intake
from meldpunt.intake.api_schemas import (
    IDEMPOTENCY_KEY_PATTERN,
    Problem,
    ReportIn,
    ReportOut,
    field_problems,
    url_problem,
)
from meldpunt.intake.partner_intake import IdempotencyConflict, UrlsRejected


class PartnerRequest(HttpRequest):
    """A request the partner API let through: `auth` is the API client whose key it carried."""

    auth: ApiClient


class PartnerKeyHeader(APIKeyHeader):
    """X-API-Key: mp_xxxxxxxx_..."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        return api_client_for_key(key) if key else None


class PartnerBearer(HttpBearer):
    """Authorization: Bearer mp_xxxxxxxx_..."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        return api_client_for_key(token)


api = NinjaAPI(
    title="Meldpunt partner API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Send reports of web addresses to the hotline. Every call needs a partner key. The "
        "answer names the report and its addresses only: it never says whether, or how often, "
        "anyone else reported an address."
    ),
    auth=[PartnerKeyHeader(), PartnerBearer()],
)


@api.exception_handler(ValidationError)
def refused_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Every refused request answers in the one documented shape, a Problem per field."""
    problem = Problem(
        detail="No report was stored: the request does not follow the schema.",
        errors=field_problems(error.errors),
    )
    return api.create_response(request, problem.model_dump(), status=422)


@api.post(
    "/reports",
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
