"""In a network namespace with only loopback, refused places fail by policy, not by the network.

There is no route to 192.0.0.192 or fec0::1 in such a namespace, so a fetcher that forgot to
refuse them would still fail, with a connection error; this test tells the two apart. It runs
namespace_probe.py under `unshare -n` (root, or user namespaces) and reads its JSON report.
Under CI=true a missing `unshare` fails the test instead of skipping it.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.core.fetching.namespace_probe import REDIRECT_CODES, TARGETS

ROOT = Path(__file__).resolve().parents[4]
PROBE = [sys.executable, "-m", "tests.unit.core.fetching.namespace_probe"]
ENTER = ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "namespace"]
REASONS = {
    "192.0.0.192": "cloud metadata address 192.0.0.192",
    "oracle": "cloud metadata address 192.0.0.192",
    "192.0.0.100": "192.0.0.100: IETF Protocol Assignments (192.0.0.0/24)",
    "ietf": "192.0.0.100: IETF Protocol Assignments (192.0.0.0/24)",
    "fec0::1": "IPv6 address outside global unicast (2000::/3) fec0::1",
    "sitelocal": "IPv6 address outside global unicast (2000::/3) fec0::1",
}


def namespaces_unavailable() -> str:
    """Why a loopback-only namespace cannot be made here, or '' if it can."""
    if not (shutil.which("unshare") and shutil.which("ip")):
        return "unshare or ip (util-linux, iproute2) is not installed"
    trial = subprocess.run([*ENTER, "true"], capture_output=True, text=True, timeout=30)
    if trial.returncode != 0:
        return f"unshare --net failed: {trial.stderr.strip()[:200]}"
    return ""


@pytest.fixture(scope="module")
def report():
    reason = namespaces_unavailable()
    if reason and os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the namespace test: {reason}")
    if reason:
        pytest.skip(reason)
    run = subprocess.run([*ENTER, *PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout)


def expected_reason(url: str) -> str:
    return next(reason for key, reason in REASONS.items() if key in url)


@pytest.mark.parametrize("target", TARGETS)
def test_literals_and_names_are_refused_by_the_address_policy(report, target):
    result = report["policy"][target]
    assert result["problem"] == "ADDRESS_REFUSED", result
    assert result["detail"].endswith(expected_reason(target))


@pytest.mark.parametrize("code", REDIRECT_CODES)
def test_every_redirect_code_is_refused_by_the_address_policy(report, code):
    for number, target in enumerate(TARGETS):
        [result] = [r for url, r in report["policy"].items() if url.endswith(f"/{code}/{number}")]
        assert result["problem"] == "ADDRESS_REFUSED", (target, result)
        assert result["detail"].endswith(expected_reason(target))
    assert report["hits"] == report["redirects"]  # each redirect served once, nothing beyond


def test_without_the_policy_the_namespace_gives_a_connection_error(report):
    """The control: the same places with nothing refused fail on the network, which shows the
    test above would notice a policy that let them through."""
    assert {r["problem"] for r in report["control"].values()} == {"CONNECTION_FAILED"}


def test_the_probe_will_not_run_outside_a_loopback_only_namespace():
    """Its control fetcher refuses nothing: outside the namespace it must not start at all."""
    if [name for _, name in socket.if_nameindex()] == ["lo"]:
        pytest.skip("this run is itself inside a loopback-only namespace")
    run = subprocess.run(PROBE, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stdout) == (2, "")
    assert "not a loopback-only namespace" in run.stderr
