"""The partner API's OpenAPI description: the URL rules a client can check before sending."""

import json
import re
import shutil
import subprocess

import pytest

from meldpunt.core.urls import CLIENT_URL_PATTERN, MAX_URL_LENGTH

ACCEPTED = ["https://example.com/a.jpg", "hxxp://example[.]org/b", "example.com/c", "[http]://x.nl"]
REFUSED = ["javascript:alert(1)", "ftp://example.com/", "data:text/html,x", "file:///etc/passwd"]


@pytest.fixture(scope="module")
def schema():
    from django.test import Client

    return Client().get("/api/v1/openapi.json").json()


def _component(schema, name):
    return schema["components"]["schemas"][name]


def test_the_schema_states_the_url_rules(schema):
    urls = _component(schema, "ReportIn")["properties"]["urls"]
    item = urls["items"]
    assert (urls["minItems"], urls["maxItems"]) == (1, 500)
    assert (item["type"], item["minLength"], item["maxLength"]) == ("string", 1, MAX_URL_LENGTH)
    assert item["pattern"] == CLIENT_URL_PATTERN
    assert "http or https" in item["description"]
    assert "control" in item["description"]


def test_the_pattern_in_the_schema_sorts_examples_as_the_server_does(schema):
    pattern = re.compile(_component(schema, "ReportIn")["properties"]["urls"]["items"]["pattern"])
    assert all(pattern.search(url) for url in ACCEPTED)
    assert not any(pattern.search(url) for url in REFUSED)


@pytest.mark.skipif(shutil.which("node") is None, reason="no JavaScript engine (node) here")
def test_the_pattern_reads_the_same_in_javascript(schema):
    """Most clients that check against the schema are written in JavaScript."""
    pattern = _component(schema, "ReportIn")["properties"]["urls"]["items"]["pattern"]
    script = (
        "const [p, ...urls] = JSON.parse(process.argv[1]); "
        "console.log(JSON.stringify(urls.map((u) => new RegExp(p, 'u').test(u))))"
    )
    result = subprocess.run(
        ["node", "-e", script, json.dumps([pattern, *ACCEPTED, *REFUSED])],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert json.loads(result.stdout) == [True] * len(ACCEPTED) + [False] * len(REFUSED)


def test_the_other_fields_state_their_limits(schema):
    properties = _component(schema, "ReportIn")["properties"]
    assert (properties["source"]["maxLength"], properties["reference"]["maxLength"]) == (200, 200)
    assert properties["description"]["maxLength"] == 5000
    assert all("control" in properties[name]["description"] for name in ("source", "reference"))


def test_the_answer_describes_no_other_reports(schema):
    assert set(_component(schema, "ItemOut")["properties"]) == {"index", "url"}
    text = json.dumps(schema)
    assert "report_count" not in text and '"new"' not in text and "item_id" not in text


def test_refusals_are_described_with_a_problem_per_field(schema):
    responses = schema["paths"]["/api/v1/reports"]["post"]["responses"]
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/Problem")
    field = _component(schema, "FieldProblem")["properties"]
    assert {"field", "index", "reason", "message"} <= set(field)
