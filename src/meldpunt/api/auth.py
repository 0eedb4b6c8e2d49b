"""Who is calling the API: a partner key, sent as X-API-Key or as a bearer token."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import APIKeyHeader, HttpBearer

from meldpunt.partners.models import Partner
from meldpunt.partners.services import partner_for_key


class PartnerRequest(HttpRequest):
    """A request the API let through: `auth` is the partner whose key it carried."""

    auth: Partner


class PartnerKeyHeader(APIKeyHeader):
    """X-API-Key: mp_xxxxxxxx_..."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Partner | None:
        return partner_for_key(key) if key else None


class PartnerBearer(HttpBearer):
    """Authorization: Bearer mp_xxxxxxxx_..."""

    def authenticate(self, request: HttpRequest, token: str) -> Partner | None:
        return partner_for_key(token)
