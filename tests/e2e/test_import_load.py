"""A large CSV import while the public keeps reporting, against a real `meldpunt serve`: no
report is answered 500, and what each reporter was told matches what was stored."""

import json
import time
from collections import Counter

import httpx
import pytest

from tests.e2e.processes import environment, meldpunt, serving, throwaway_database
from tests.support.locks import write_lock_held
from tests.support.submitters import STORED, Submitters

pytestmark = pytest.mark.e2e

ROWS = 10_000


def stored_urls(env, tag: str) -> set[str]:
    listed = meldpunt(env, "items", "--json", timeout=300)
    assert listed.returncode == 0, listed.stderr
    return {item["url"] for item in json.loads(listed.stdout) if item["url"].startswith(tag)}


def test_a_large_import_answers_no_public_report_with_a_server_error(tmp_path):
    rows = "".join(
        f"https://import-{n}.example.net/{n}.jpg;;L-{n};load;image\n" for n in range(ROWS)
    )
    (tmp_path / "reports.csv").write_text("url;referer;reference;source;type\n" + rows)
    with throwaway_database() as database_url:
        env = environment(tmp_path / "data", database_url, report_rate="1000000/h")
        with serving(env, tmp_path) as url, Submitters(url, threads=3, tag="load") as submitters:
            submitters.wait_for(6)
            started = time.time()
            imported = meldpunt(env, "import-reports", str(tmp_path / "reports.csv"), timeout=600)
            ended = time.time()
            submitters.wait_for(len(submitters.done) + 3)
        assert imported.returncode == 0, imported.stderr
        summary = f"Imported {ROWS} reports: {ROWS} new items, 0 joined existing cases."
        assert summary in imported.stdout
        assert any(started <= s.sent_at <= ended for s in submitters.done)
        statuses = Counter(s.status for s in submitters.done)
        assert set(statuses) <= STORED | {503}, statuses
        told_stored = {s.url for s in submitters.done if s.status in STORED}
        assert stored_urls(env, "https://load-") == told_stored


def submit(base: str, url: str) -> httpx.Response:
    headers = {"Origin": base.rstrip("/"), "Referer": base, "Accept-Language": "en"}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        token = client.get("/").text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        data = {"urls": url, "medium": "image", "csrfmiddlewaretoken": token}
        return client.post("/", data=data)


def test_a_report_that_waits_too_long_for_a_lock_is_asked_to_try_again(tmp_path):
    with throwaway_database() as database_url:
        env = environment(tmp_path / "data", database_url, db_lock_wait_seconds="1")
        with serving(env, tmp_path, "--no-jobs") as url:
            assert submit(url, "https://first.example.com/a.jpg").status_code in STORED
            with write_lock_held(tmp_path / "data", database_url):
                busy = submit(url, "https://waited.example.com/a.jpg")
            assert submit(url, "https://later.example.com/a.jpg").status_code in STORED
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "60"
        assert "The service is busy" in busy.text and "try again in a minute" in busy.text
        assert stored_urls(env, "https://") == {
            "https://first.example.com/a.jpg",
            "https://later.example.com/a.jpg",
        }
