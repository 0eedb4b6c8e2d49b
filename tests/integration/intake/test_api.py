"""The partner API: keys, idempotency, refusals and its OpenAPI description."""

import json

import pytest
from django.test import override_settings

from meldpunt.audit.models import AuditEvent
from meldpunt.intake.models import IdempotencyRecord, Item, Report

pytestmark = pytest.mark.django_db

BODY = {
    "urls": ["https://example.com/a.jpg", "hxxp://example[.]org/b"],
    "medium": "image",
    "source": "platform",
    "reference": "T-1001",
}


def call(client, body, key=None, idempotency=None, **headers):
    if key:
        headers["HTTP_X_API_KEY"] = key
    if idempotency:
        headers["HTTP_IDEMPOTENCY_KEY"] = idempotency
    return client.post(
        "/api/v1/reports", json.dumps(body), content_type="application/json", **headers
    )


def test_without_a_key_the_answer_is_401(client):
    assert call(client, BODY).status_code == 401
    assert call(client, BODY, key="mp_00000000_" + "x" * 43).status_code == 401
    assert Report.objects.count() == 0


def test_with_a_key_a_report_is_created(client, partner):
    record, secret = partner
    response = call(client, BODY, key=secret)
    assert response.status_code == 201
    body = response.json()
    assert body["receipt_code"].startswith("MP-")
    assert body["items"] == [
        {"index": 0, "url": "https://example.com/a.jpg"},
        {"index": 1, "url": "http://example.org/b"},
    ]
    report = Report.objects.get()
    assert report.partner == record
    assert report.channel == "api"
    assert report.reference == "T-1001"


def test_bearer_authorisation_works_too(client, partner):
    _, secret = partner
    response = call(client, BODY, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 201


def test_same_idempotency_key_creates_nothing_new(client, partner):
    _, secret = partner
    first = call(client, BODY, key=secret, idempotency="req-42")
    events = AuditEvent.objects.count()
    second = call(client, BODY, key=secret, idempotency="req-42")
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json() == first.json()
    assert Report.objects.count() == 1
    assert Item.objects.get(url="https://example.com/a.jpg").report_count == 1
    assert AuditEvent.objects.count() == events


def test_reused_idempotency_key_with_other_body_is_a_conflict(client, partner):
    _, secret = partner
    call(client, BODY, key=secret, idempotency="req-43")
    response = call(client, {**BODY, "reference": "other"}, key=secret, idempotency="req-43")
    assert response.status_code == 409
    assert "different request" in response.json()["detail"]
    assert Report.objects.count() == 1


def test_idempotency_keys_belong_to_one_partner(client, partner):
    from tests import factories

    _, secret = partner
    _, other_secret = factories.partner()
    call(client, BODY, key=secret, idempotency="shared")
    assert call(client, BODY, key=other_secret, idempotency="shared").status_code == 201
    assert IdempotencyRecord.objects.count() == 2


def test_refused_urls_store_nothing_and_say_which(client, partner):
    _, secret = partner
    body = {**BODY, "urls": ["https://example.com/ok", "javascript:alert(1)", "file:///x"]}
    response = call(client, body, key=secret)
    assert response.status_code == 422
    problems = response.json()["errors"]
    assert [(p["index"], p["reason"]) for p in problems] == [
        (1, "unsupported_scheme"),
        (2, "unsupported_scheme"),
    ]
    assert Report.objects.count() == Item.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"urls": []},
        {"urls": ["https://example.com"] * 501},
        {"urls": ["https://example.com"], "medium": "painting"},
        {"urls": "https://example.com"},
        {},
    ],
)
def test_malformed_bodies_are_refused(client, partner, body):
    _, secret = partner
    assert call(client, body, key=secret).status_code == 422
    assert Report.objects.count() == 0


def test_invalid_json_is_refused(client, partner):
    _, secret = partner
    response = client.post(
        "/api/v1/reports", b"{not json", content_type="application/json", HTTP_X_API_KEY=secret
    )
    assert response.status_code in (400, 422)
    assert Report.objects.count() == 0


def test_deactivated_partner_is_refused(client, partner):
    record, secret = partner
    record.active = False
    record.save()
    assert call(client, BODY, key=secret).status_code == 401


@override_settings(MELDPUNT_API_RATE="2/m")
def test_a_partner_that_calls_too_often_is_slowed_down(client, partner):
    _, secret = partner
    codes = [call(client, {**BODY, "reference": str(n)}, key=secret).status_code for n in range(3)]
    assert codes == [201, 201, 429]


def test_openapi_is_served_under_api_v1(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/reports" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_invalid_utf8_is_refused(client, partner):
    _, secret = partner
    body = b'{"urls": ["https://example.com/\xff\xfe"]}'
    response = client.post(
        "/api/v1/reports", body, content_type="application/json", HTTP_X_API_KEY=secret
    )
    assert response.status_code in (400, 422)
    assert Report.objects.count() == 0


def test_the_answer_says_nothing_about_other_reporters(client, partner):
    from tests import factories

    _, secret = partner
    _, other_secret = factories.partner()
    known = "https://example.com/known.jpg"
    for n in range(3):
        call(client, {**BODY, "urls": [known], "reference": f"other-{n}"}, key=other_secret)
    client.post("/", {"urls": known, "medium": "image"}, HTTP_ACCEPT_LANGUAGE="en")
    fresh = call(client, {**BODY, "urls": ["https://example.com/fresh.jpg"]}, key=secret).json()
    seen = call(client, {**BODY, "urls": [known]}, key=secret).json()
    assert Item.objects.get(url=known).report_count == 5  # the hotline knows; the partner not
    assert fresh["items"] == [{"index": 0, "url": "https://example.com/fresh.jpg"}]
    assert seen["items"] == [{"index": 0, "url": known}]
    assert set(seen) == set(fresh) == {"receipt_code", "items"}


def test_repeats_within_a_request_give_one_item_at_the_first_position(client, partner):
    _, secret = partner
    body = {
        **BODY,
        "urls": ["https://example.com/x", "hxxps://example[.]com/y", "HTTPS://EXAMPLE.COM/x/"],
    }
    items = call(client, body, key=secret).json()["items"]
    assert items == [
        {"index": 0, "url": "https://example.com/x"},
        {"index": 1, "url": "https://example.com/y"},
    ]


@pytest.mark.parametrize(
    ("changes", "field", "codepoint"),
    [
        ({"source": "platform\u202eevil"}, "source", "U+202E"),
        ({"reference": "T-1\x1b[31m"}, "reference", "U+001B"),
        ({"description": "bell\x07"}, "description", "U+0007"),
        ({"description": "isolate\u2066x"}, "description", "U+2066"),
        ({"urls": ["https://example.com/a", "https://exa\u202emple.com/"]}, "urls[1]", "U+202E"),
        ({"urls": ["\thttps://example.com/a"]}, "urls[0]", "U+0009"),
    ],
)
def test_hidden_characters_are_refused_per_field(client, partner, changes, field, codepoint):
    _, secret = partner
    response = call(client, {**BODY, **changes}, key=secret)
    assert response.status_code == 422
    [problem] = response.json()["errors"]
    assert (problem["field"], problem["reason"]) == (field, "control_characters")
    assert codepoint in problem["message"]
    assert Report.objects.count() == 0


def test_a_description_may_hold_line_breaks_and_tabs(client, partner):
    _, secret = partner
    response = call(client, {**BODY, "description": "one\r\n\ttwo\nthree"}, key=secret)
    assert response.status_code == 201
    assert Report.objects.get().description == "one\r\n\ttwo\nthree"


def test_an_idempotency_key_with_control_characters_is_refused(client, partner):
    _, secret = partner
    response = call(client, BODY, key=secret, idempotency="req\x1b[2J")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert Report.objects.count() == 0


def test_every_refusal_has_the_documented_shape(client, partner):
    _, secret = partner
    body = {"urls": ["", "https://example.com/" + "a" * 3000, "ftp://example.com/"], "medium": "x"}
    response = call(client, body, key=secret)
    assert response.status_code == 422
    problem = response.json()
    assert isinstance(problem["detail"], str)
    assert [(e["field"], e["index"], e["reason"]) for e in problem["errors"]] == [
        ("urls[0]", 0, "empty"),
        ("urls[1]", 1, "too_long"),
        ("urls[2]", 2, "unsupported_scheme"),
        ("medium", None, "unknown_value"),
    ]


def test_a_key_without_the_report_scope_is_refused_with_a_problem(client):
    from meldpunt.core.directory import Scope
    from tests import factories

    _, secret = factories.partner("Hash checker", scopes=frozenset({Scope.HASHCHECK}))
    response = call(client, BODY, key=secret)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "This API key may not send reports: it lacks the 'report' scope."
    )
    assert Report.objects.count() == 0


def test_a_deactivated_client_is_not_let_in(client, partner):
    record, secret = partner
    record.active = False
    record.save()
    assert call(client, BODY, key=secret).status_code == 401
