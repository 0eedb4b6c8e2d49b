"""The partner API: POST /api/v1/reports, authenticated by a per-partner key."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from ninja import Header, NinjaAPI, Schema, Status
from ninja.security import APIKeyHeader, HttpBearer
from pydantic import Field

from meldpunt.core.reports import MAX_URLS_PER_REPORT, Medium
from meldpunt.intake import partner_intake
from meldpunt.intake.partner_intake import IdempotencyConflict, UrlsRejected
from meldpunt.partners.models import Partner
from meldpunt.partners.services import partner_for_key


class PartnerKeyHeader(APIKeyHeader):
    """X-API-Key: mp_xxxxxxxx_..."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Partner | None:
        return partner_for_key(key) if key else None


class PartnerBearer(HttpBearer):
    """Authorization: Bearer mp_xxxxxxxx_..."""

    def authenticate(self, request: HttpRequest, token: str) -> Partner | None:
        return partner_for_key(token)


api = NinjaAPI(
    title="Meldpunt partner API",
    version="1",
    urls_namespace="api-v1",
    description="Send reports of web addresses to the hotline. Every call needs a partner key.",
    auth=[PartnerKeyHeader(), PartnerBearer()],
)


class ReportIn(Schema):
    """A report from a partner."""

    urls: list[str] = Field(min_length=1, max_length=MAX_URLS_PER_REPORT)
    medium: Medium = Medium.OTHER
    source: str = Field(default="", max_length=200)
    reference: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=5000)


class ItemOut(Schema):
    """An item the report named: new, or an existing case it joined."""

    item_id: int
    url: str
    new: bool
    report_count: int


class ReportOut(Schema):
    """The stored report."""

    receipt_code: str
    items: list[ItemOut]


class UrlProblem(Schema):
    """Why one URL of the request was refused."""

    index: int
    reason: str
    message: str


class Problem(Schema):
    """An error, with what to do about it."""

    detail: str
    errors: list[UrlProblem] = []


@api.post(
    "/reports",
    response={200: ReportOut, 201: ReportOut, 409: Problem, 422: Problem, 429: Problem},
    summary="Send a report",
    operation_id="create_report",
)
def create_report(
    request: HttpRequest,
    payload: ReportIn,
    idempotency_key: str | None = Header(default=None, alias="Idempotency-Key", max_length=200),
):
    """Store a report. Repeat a request with the same Idempotency-Key to retry it safely."""
    partner: Partner = request.auth
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
                errors=[
                    UrlProblem(index=i, reason=e.reason.value, message=e.explanation)
                    for i, e in error.problems
                ],
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
