"""RDAP abuse contacts through whoisit, against a real RDAP server on 127.0.0.1.

whoisit is given bootstrap data that sends every lookup to the local server, so no query
leaves the machine (the public-looking addresses below are only looked up, never contacted).
A registry that fails is reported as a trace problem and asked again later.
"""

import json
import time

import pytest

from meldpunt.core.fetching.resolvers import FixedResolver
from meldpunt.core.hosting.sources import (
    CachedAbuseContacts,
    ContactLookupFailed,
    RdapAbuseContacts,
)
from meldpunt.core.hosting.trace import HostingSources, trace_host
from tests.support.webserver import Route, local_site

whoisit = pytest.importorskip("whoisit")


def bootstrap_for(base_url: str) -> str:
    services = {
        "asn": [[["64496-64511"], [base_url]]],
        "dns": [[["nl"], [base_url]]],
        "ipv4": [[["185.0.0.0/8"], [base_url]]],
        "ipv6": [[["2a10::/12"], [base_url]]],
        "object": [[["ripe"], [base_url]]],
    }
    document = {name: {"services": rows} for name, rows in services.items()}
    return json.dumps({"timestamp": int(time.time()), **document})


def rdap_network(email: str) -> bytes:
    return json.dumps(
        {
            "objectClassName": "ip network",
            "handle": "TEST-NET",
            "startAddress": "185.0.2.0",
            "endAddress": "185.0.2.255",
            "entities": [
                {
                    "objectClassName": "entity",
                    "roles": ["registrant"],
                    "vcardArray": ["vcard", [["email", {}, "text", "noc@example.net"]]],
                    "entities": [
                        {
                            "objectClassName": "entity",
                            "roles": ["abuse"],
                            "vcardArray": ["vcard", [["email", {}, "text", email]]],
                        }
                    ],
                }
            ],
        }
    ).encode()


@pytest.fixture
def registry():
    whoisit.clear_bootstrapping()
    with local_site() as site:
        json_headers = {"Content-Type": "application/rdap+json"}
        site.routes["/ip/185.0.2.10"] = Route(rdap_network("Abuse@Example.NET"), 200, json_headers)
        site.routes["/ip/2a10::10"] = Route(rdap_network("abuse6@example.net"), 200, json_headers)
        site.routes["/ip/185.0.3.7"] = Route(b"upstream trouble", 503)
        yield site, RdapAbuseContacts(bootstrap_for(site.url("/")), allow_http=True)
    whoisit.clear_bootstrapping()


def test_abuse_mailboxes_come_from_the_registry(registry):
    site, rdap = registry
    assert rdap.abuse_emails(ipaddress("185.0.2.10")) == ("abuse@example.net",)
    assert rdap.abuse_emails(ipaddress("2a10::10")) == ("abuse6@example.net",)
    assert site.hits == ["/ip/185.0.2.10", "/ip/2a10::10"]


def test_an_address_the_registry_does_not_know_has_no_contact(registry):
    _, rdap = registry
    assert rdap.abuse_emails(ipaddress("185.0.2.99")) == ()  # the local server answers 404


def test_a_failing_registry_is_a_trace_problem_and_is_retried_later(registry):
    site, rdap = registry
    now = [0.0]
    cached = CachedAbuseContacts(rdap, clock=lambda: now[0], retry_seconds=60)
    sources = HostingSources(FixedResolver({"files.example.nl": "185.0.3.7"}), None, None, cached)
    trace = trace_host("files.example.nl", sources)
    assert trace.abuse_emails == ()
    assert trace.problems == ("RDAP lookup for 185.0.3.7 failed (QueryError)",)
    with pytest.raises(ContactLookupFailed):
        cached.abuse_emails(ipaddress("185.0.3.7"))
    assert site.hits == ["/ip/185.0.3.7"]  # remembered: not asked again within a minute
    now[0] = 61.0
    with pytest.raises(ContactLookupFailed):
        cached.abuse_emails(ipaddress("185.0.3.7"))
    assert site.hits == ["/ip/185.0.3.7"] * 2


def test_an_answer_is_cached_per_address(registry):
    site, rdap = registry
    cached = CachedAbuseContacts(rdap)
    for _ in range(3):
        assert cached.abuse_emails(ipaddress("185.0.2.10")) == ("abuse@example.net",)
    assert site.hits == ["/ip/185.0.2.10"]


def test_addresses_that_are_not_global_are_not_looked_up(registry):
    site, rdap = registry
    assert rdap.abuse_emails(ipaddress("10.1.2.3")) == ()
    assert rdap.abuse_emails(ipaddress("192.0.2.10")) == ()
    assert site.hits == []


def test_a_bootstrap_that_cannot_load_fails_clearly():
    whoisit.clear_bootstrapping()
    try:
        with pytest.raises(ContactLookupFailed, match="RDAP bootstrap failed"):
            RdapAbuseContacts("{not json", allow_http=True).abuse_emails(ipaddress("185.0.2.10"))
    finally:
        whoisit.clear_bootstrapping()


def ipaddress(text):
    import ipaddress as stdlib

    return stdlib.ip_address(text)
