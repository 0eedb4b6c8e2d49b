"""The one API object: intake's router under /api/v1/, and any router mounted beside it gets the
same keys, problem answers, busy answer and OpenAPI description."""

import json

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path
from ninja import Router, Schema
from pydantic import Field

from meldpunt import urls as site
from meldpunt.api.build import NOTHING_STORED, Mount, build_api
from meldpunt.api.v1 import api
from meldpunt.intake.api import REFUSED
from meldpunt.intake.api import router as reports
from meldpunt.intake.models import Report
from tests.integration.test_database_busy import genuine_lock_error

pytestmark = pytest.mark.django_db

probe = Router(tags=["probe"])


class Count(Schema):
    count: int = Field(ge=1)


@probe.post("/count")
def count(request, payload: Count) -> dict:
    return {"partner": request.auth.name, "count": payload.count}


@probe.post("/locked")
def locked(request) -> dict:
    raise genuine_lock_error()


@probe.post("/broken")
def broken(request) -> dict:
    raise OperationalError("no such table: probe")


# The site's URL map, with the API built as v1 is plus the probe.
urlpatterns = [
    path(
        "api/v1/",
        build_api([Mount("/reports", reports, refused=REFUSED), Mount("/probe", probe)]).urls,
    ),
    *(p for p in site.urlpatterns if getattr(p, "namespace", None) != api.urls_namespace),
]


@pytest.fixture
def with_probe(settings):
    settings.ROOT_URLCONF = __name__


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_the_served_document_is_the_one_api_with_the_intake_endpoints(client):
    served = client.get("/api/v1/openapi.json").json()
    assert served == json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    operation = served["paths"]["/api/v1/reports"]["post"]
    assert operation["operationId"] == "create_report"
    assert operation["security"] == [{"PartnerKeyHeader": []}, {"PartnerBearer": []}]
    assert set(served["components"]["securitySchemes"]) == {"PartnerKeyHeader", "PartnerBearer"}
    docs = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui" in docs and "cdn" not in docs.lower()


@pytest.mark.usefixtures("with_probe")
def test_a_second_router_needs_a_partner_key_as_intake_does(client, partner):
    record, secret = partner
    assert post(client, "/api/v1/probe/count", {"count": 2}).status_code == 401
    wrong = "mp_00000000_" + "x" * 43
    assert (
        post(client, "/api/v1/probe/count", {"count": 2}, HTTP_X_API_KEY=wrong).status_code == 401
    )
    by_header = post(client, "/api/v1/probe/count", {"count": 2}, HTTP_X_API_KEY=secret)
    by_bearer = post(
        client, "/api/v1/probe/count", {"count": 3}, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert by_header.json() == {"partner": record.name, "count": 2}
    assert by_bearer.json() == {"partner": record.name, "count": 3}
    record.active = False
    record.save()
    assert (
        post(client, "/api/v1/probe/count", {"count": 2}, HTTP_X_API_KEY=secret).status_code == 401
    )


@pytest.mark.usefixtures("with_probe")
def test_a_second_router_refuses_in_the_documented_problem_shape(client, partner):
    _, secret = partner
    response = post(client, "/api/v1/probe/count", {"count": 0}, HTTP_X_API_KEY=secret)
    assert response.status_code == 422
    assert response.json() == {
        "detail": NOTHING_STORED,
        "errors": [
            {
                "field": "count",
                "index": None,
                "reason": "invalid",
                "message": "Input should be greater than or equal to 1",
            }
        ],
    }
    missing = post(client, "/api/v1/probe/count", {}, HTTP_X_API_KEY=secret).json()
    assert [(e["field"], e["reason"]) for e in missing["errors"]] == [("count", "missing")]
    report = post(client, "/api/v1/reports", {"urls": []}, HTTP_X_API_KEY=secret).json()
    assert report["detail"] == REFUSED  # each router says what it did not store
    assert Report.objects.count() == 0


@pytest.mark.usefixtures("with_probe")
def test_a_second_router_answers_busy_and_keeps_other_errors_server_errors(partner):
    _, secret = partner
    client = Client(raise_request_exception=False)
    busy = post(client, "/api/v1/probe/locked", {}, HTTP_X_API_KEY=secret)
    assert busy.status_code == 503 and busy["Retry-After"] == "60"
    assert "try again in a minute" in busy.json()["detail"]
    assert post(client, "/api/v1/probe/broken", {}, HTTP_X_API_KEY=secret).status_code == 500


@pytest.mark.usefixtures("with_probe")
def test_a_second_router_is_described_in_the_same_document(client):
    served = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/reports", "/api/v1/probe/count"} <= set(served["paths"])
    operation = served["paths"]["/api/v1/probe/count"]["post"]
    assert operation["security"] == [{"PartnerKeyHeader": []}, {"PartnerBearer": []}]
    assert operation["responses"].keys() >= {"200"}
