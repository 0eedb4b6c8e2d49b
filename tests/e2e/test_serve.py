"""The main job, as a new hotline would meet it: serve, report, check the data directory."""

import http.cookiejar
import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.e2e

CONTACT = "e2e.reporter.contact@example.org"


class Browser:
    """A tiny cookie-keeping HTTP client for one server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.base + path.lstrip("/"), data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, path: str, fields: dict, language: str = "en"):
        _, page = self.request(path, headers={"Accept-Language": language})
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
        return self.request(
            path, body, {"Accept-Language": language, "Referer": self.base + path.lstrip("/")}
        )


def test_serve_takes_a_report_end_to_end(server):
    browser = Browser(server.url)
    for language, heading in [
        ("nl", "Meld beeldmateriaal"),
        ("en", "Report child sexual"),
        ("fr", "Signaler des contenus"),
    ]:
        status, page = browser.request("/", headers={"Accept-Language": language})
        assert status == 200
        assert heading in page

    lines = "\n".join(
        [
            "https://example.com/gallery/photo1.jpg",
            "hxxps://another-example[.]org/page",
            "HTTPS://EXAMPLE.COM/gallery/photo1.jpg/",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://example.com/" + "a" * 3000,
        ]
    )
    status, page = browser.post_form("/", {"urls": lines, "medium": "image", "contact": CONTACT})
    assert status == 200, page  # after the redirect to the receipt
    receipt = re.search(r'data-receipt="(MP-[0-9A-Z-]+)"', page).group(1)
    assert "We received 2 web addresses" in page
    for line_no in (4, 5, 6):
        assert f"Line {line_no}" in page

    for asset in ("/static/meldpunt/meldpunt.css", "/static/django_htmx/htmx-2.min.js"):
        assert browser.request(asset)[0] == 200, asset

    status, page = browser.request(f"/status/?code={receipt}", headers={"Accept-Language": "en"})
    assert "was received" in page

    status, _ = browser.request(
        "/api/v1/reports",
        b'{"urls": ["https://example.com/x"]}',
        {"Content-Type": "application/json"},
    )
    assert status == 401

    assert server.stop() == 0
    for path in server.data_dir.rglob("*"):
        if path.is_file():
            assert CONTACT.encode() not in path.read_bytes(), path

    verify = subprocess.run(
        [sys.executable, "-m", "meldpunt", "audit", "verify"],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    assert "intact" in verify.stdout


def test_partner_api_through_the_real_server(server):
    created = subprocess.run(
        [sys.executable, "-m", "meldpunt", "partner-key", "E2E Platform"],
        env=server.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    key = created.stdout.strip()
    browser = Browser(server.url)
    body = json.dumps({"urls": ["https://example.com/api-1.jpg"], "medium": "image"}).encode()
    headers = {"Content-Type": "application/json", "X-API-Key": key, "Idempotency-Key": "e2e-1"}
    first = browser.request("/api/v1/reports", body, headers)
    again = browser.request("/api/v1/reports", body, headers)
    assert first[0] == 201
    assert again[0] == 200
    assert json.loads(first[1]) == json.loads(again[1])
