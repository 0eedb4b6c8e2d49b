"""Hosts are read as the WHATWG URL Standard reads them, checked against its own test cases.

The cases are a subset of the web-platform-tests' urltestdata.json (see tests/data/README.md).
Meldpunt takes in fewer addresses than a browser opens, each time for a reason a test below
checks: no spaces or control characters, no name outside a listed public suffix, no label a
DNS name cannot carry. Whatever it does take in, it reads as the browser does.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from meldpunt.core.public_suffixes import current_list
from meldpunt.core.urls import Rejection, UrlRejected, normalise_url

CASES = json.loads(
    (Path(__file__).parents[2] / "data" / "whatwg" / "urltestdata-hosts.json").read_text()
)
_DNS_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")


def _case_id(case):
    return ascii(case["input"])[:60]


def _browser_host(case):
    """The host a browser uses, without IPv6 brackets and trailing dots."""
    return case["hostname"].strip("[]").rstrip(".")


def _why_meldpunt_may_refuse(case, reason):
    """The documented reasons to refuse an address a browser would open, if one applies."""
    text, host = case["input"].strip(), _browser_host(case)
    if reason is Rejection.CONTROL_CHARACTERS:
        return any(c.isspace() or not c.isprintable() for c in text)
    if reason is Rejection.MISSING_HOST:
        return host == ""
    if reason is Rejection.INVALID_HOST:
        return not all(_DNS_LABEL.match(label) for label in host.split("."))
    if reason is Rejection.NOT_PUBLIC_NAME:
        return not current_list().has_listed_suffix(host)
    return False


@pytest.mark.parametrize("case", [c for c in CASES if c.get("failure")], ids=_case_id)
def test_what_a_browser_refuses_is_refused(case):
    with pytest.raises(UrlRejected):
        normalise_url(case["input"])


def _reading(text):
    """The host Meldpunt takes in, or the reason it refuses."""
    try:
        result = normalise_url(text)
    except UrlRejected as refused:
        return None, refused.reason
    return result, None


@pytest.mark.parametrize("case", [c for c in CASES if not c.get("failure")], ids=_case_id)
def test_what_a_browser_opens_names_the_same_host_or_is_refused_for_a_stated_reason(case):
    result, refusal = _reading(case["input"])
    if refusal is not None:
        assert _why_meldpunt_may_refuse(case, refusal), refusal
        return
    assert result.host == _browser_host(case)
    assert urlsplit(result.url).hostname == result.host  # the fetcher's parser agrees


def test_the_subset_covers_the_forms_browsers_accept():
    """A guard on the data: accepted and refused cases, IP and IDN forms are all there."""
    accepted = [c for c in CASES if not c.get("failure")]
    taken_in = [r.host for r, _ in map(_reading, (c["input"] for c in accepted)) if r]
    assert len(accepted) > 100 and len(CASES) - len(accepted) > 100
    assert "192.168.0.1" in taken_in and "go.com" in taken_in and "xn--9ca" not in taken_in
    assert len(taken_in) > 50
