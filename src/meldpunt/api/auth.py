"""Who is calling the API: a partner key, sent as X-API-Key or as a bearer token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer

from meldpunt.directory.models import ApiClient
from meldpunt.directory.services import api_client_for_key


class PartnerRequest(HttpRequest):
    """A request the API let through: `auth` is the API client whose key it carried."""

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
