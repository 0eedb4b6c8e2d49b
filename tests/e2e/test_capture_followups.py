"""After capture, in real processes: a hash list imported later settles a waiting image, and a
failed capture retried from the command line is captured, each through `meldpunt serve`'s
own job queue."""

import json
import time

import pytest

from meldpunt.core.hashing.pdq import pdq_exact
from tests.e2e.processes import environment, meldpunt, serving, throwaway_database
from tests.support.capture_photos import FRESH, OTHER
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.e2e


def by_url(env) -> dict[str, dict]:
    listed = meldpunt(env, "items", "--json")
    assert listed.returncode == 0, listed.stderr
    return {fact["url"]: fact for fact in json.loads(listed.stdout)}


def wait_for(env, url: str, state: str, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        fact = by_url(env).get(url)
        if fact and state in (fact["state"], fact["case_state"]):
            return fact
        time.sleep(0.5)
    raise AssertionError(f"{url} did not reach {state}: {by_url(env).get(url)}")


def test_a_late_list_settles_and_a_retry_captures(tmp_path):
    with local_site() as site, throwaway_database() as database_url:
        site.routes.update({"/fresh.jpg": Route(FRESH), "/other.png": Route(OTHER)})
        fresh, other, gone = (site.url(p) for p in ("/fresh.jpg", "/other.png", "/gone.jpg"))
        lines = "".join(f"{url};;E-{n};e2e;image\n" for n, url in enumerate((fresh, other, gone)))
        (tmp_path / "reports.csv").write_text(lines)
        (tmp_path / "police.txt").write_text(f"pdq {pdq_exact(FRESH).original.hex}\n")
        env = environment(tmp_path / "data", database_url, fetch_allow_loopback="1")
        with serving(env, tmp_path):
            assert meldpunt(env, "import-reports", str(tmp_path / "reports.csv")).returncode == 0
            wait_for(env, fresh, "awaiting_assessment")
            failed = wait_for(env, gone, "failed_final")
            assert "HTTP 404" in failed["error"]

            create = ("lists", "create", "police", "--kind", "positive", "--classification", "A1")
            assert meldpunt(env, *create).returncode == 0
            imported = meldpunt(env, "lists", "import", "police", str(tmp_path / "police.txt"))
            assert imported.returncode == 0, imported.stderr
            settled = wait_for(env, fresh, "settled_by_match")
            assert [(m["list"], m["outcome"], m["distance"]) for m in settled["matches"]] == [
                ("police", "stands", 0)
            ]

            site.routes["/gone.jpg"] = Route(FRESH)
            retried = meldpunt(env, "captures", "retry", str(failed["item"]))
            assert retried.returncode == 0, retried.stderr
            assert wait_for(env, gone, "settled_by_match")["attempts"] == 1
        assert by_url(env)[other]["case_state"] == "awaiting_assessment"
