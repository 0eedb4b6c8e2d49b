"""Building the API object: one set of keys, problem answers and OpenAPI over every app's router."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Router
from ninja.errors import ValidationError

from meldpunt.api.auth import PartnerBearer, PartnerKeyHeader
from meldpunt.api.problems import Problem, field_problems
from meldpunt.database_busy import api_busy_response, is_lock_timeout

NAMESPACE = "api-v1"
NOTHING_STORED = "Nothing was stored: the request does not follow the schema."
DESCRIPTION = (
    "The hotline's API for partners. Every call needs a partner key. An answer names what "
    "the call itself sent or asked for: it never says whether, or how often, anyone else "
    "reported an address."
)


@dataclass(frozen=True)
class Mount:
    """One app's router, the path it sits under, and what a request it refuses did not store."""

    prefix: str
    router: Router
    refused: str = NOTHING_STORED


def build_api(mounts: Sequence[Mount]) -> NinjaAPI:
    """The API with every mount's router, each behind the same keys and error answers."""
    api = NinjaAPI(
        title="Meldpunt partner API",
        version="1",
        urls_namespace=NAMESPACE,
        description=DESCRIPTION,
        auth=[PartnerKeyHeader(), PartnerBearer()],
    )
    refusals = {_first_segment(mount.prefix): mount.refused for mount in mounts}

    @api.exception_handler(ValidationError)
    def refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
        """Every refused request answers in the one documented shape, a Problem per field."""
        detail = refusals.get(_first_segment(_below_root(request)), NOTHING_STORED)
        problem = Problem(detail=detail, errors=field_problems(error.errors))
        return api.create_response(request, problem.model_dump(), status=422)

    api.exception_handler(OperationalError)(_busy)
    for mount in mounts:
        api.add_router(mount.prefix, mount.router)
    return api


def _busy(request: HttpRequest, error: OperationalError) -> HttpResponse:
    """A lock not free in time is a 503 to retry; any other database error stays a 500."""
    if not is_lock_timeout(error):
        raise error
    return api_busy_response(request)


def _below_root(request: HttpRequest) -> str:
    return request.path.removeprefix(reverse(f"{NAMESPACE}:api-root"))


def _first_segment(path: str) -> str:
    return path.strip("/").split("/", 1)[0]
