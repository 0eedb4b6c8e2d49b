"""The dnspython resolver against a real DNS server on 127.0.0.1: answers, CNAMEs, failures."""

import ipaddress

import pytest

from meldpunt.core.fetching.addresses import AddressPolicy
from meldpunt.core.fetching.dns import DnsResolver, parse_nameservers
from meldpunt.core.fetching.fetcher import FetchProblem, FetchRefused, SafeFetcher
from meldpunt.core.fetching.resolvers import NameNotResolved
from tests.support.dns_server import local_dns

ZONE = {
    "www.meldpunt-test.nl.": {"A": ["192.0.2.10", "192.0.2.11"], "AAAA": ["2001:db8::10"]},
    "alias.meldpunt-test.nl.": {"CNAME": "www.meldpunt-test.nl."},
    "v6only.meldpunt-test.nl.": {"AAAA": ["2001:db8::6"]},
    "empty.meldpunt-test.nl.": {},
    "broken.meldpunt-test.nl.": "SERVFAIL",
    "inward.meldpunt-test.nl.": {"A": ["10.0.0.7"]},
    "oracle.meldpunt-test.nl.": {"A": ["192.0.0.192"]},
    "ietf.meldpunt-test.nl.": {"A": ["192.0.0.100"]},
    "sitelocal.meldpunt-test.nl.": {"AAAA": ["fec0::1"]},
    "alias-in.meldpunt-test.nl.": {"CNAME": "ietf.meldpunt-test.nl."},
}


def resolver(port: int, timeout: float = 2.0) -> DnsResolver:
    return DnsResolver(["127.0.0.1"], port=port, timeout=timeout)


def test_both_families_are_answered_ipv4_first():
    with local_dns(ZONE) as server:
        found = resolver(server.port).resolve("www.meldpunt-test.nl")
    assert {str(a) for a in found[:2]} == {"192.0.2.10", "192.0.2.11"}  # a set: any order
    assert found[2:] == [ipaddress.ip_address("2001:db8::10")]
    assert server.questions == [("www.meldpunt-test.nl.", "A"), ("www.meldpunt-test.nl.", "AAAA")]


def test_a_cname_is_followed_and_an_ipv6_only_name_resolves():
    with local_dns(ZONE) as server:
        found = resolver(server.port).resolve("alias.meldpunt-test.nl")
        assert sorted(str(a) for a in found) == ["192.0.2.10", "192.0.2.11", "2001:db8::10"]
        assert [str(a) for a in resolver(server.port).resolve("v6only.meldpunt-test.nl.")] == [
            "2001:db8::6"
        ]


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("missing.meldpunt-test.nl", "no such domain"),
        ("empty.meldpunt-test.nl", "no address records"),
        ("broken.meldpunt-test.nl", "refused or failed"),
        ("bad..name", "not a valid DNS name"),
    ],
)
def test_names_without_addresses_say_why(host, reason):
    with local_dns(ZONE) as server, pytest.raises(NameNotResolved, match=reason):
        resolver(server.port).resolve(host)


def test_a_silent_server_times_out_with_a_clear_reason():
    silent = frozenset({"www.meldpunt-test.nl."})
    with (
        local_dns(ZONE, silent=silent) as server,
        pytest.raises(NameNotResolved, match="did not answer in time"),
    ):
        resolver(server.port, timeout=0.5).resolve("www.meldpunt-test.nl")


def test_repeated_lookups_come_from_the_cache():
    with local_dns(ZONE) as server:
        dns = resolver(server.port)
        dns.resolve("www.meldpunt-test.nl")
        dns.resolve("www.meldpunt-test.nl")
    assert len(server.questions) == 2


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("inward", "private network address 10.0.0.7"),
        ("oracle", "cloud metadata address 192.0.0.192"),
        ("ietf", "192.0.0.100: IETF Protocol Assignments"),
        ("alias-in", "192.0.0.100: IETF Protocol Assignments"),
        ("sitelocal", "outside global unicast (2000::/3) fec0::1"),
    ],
)
def test_the_fetcher_refuses_a_name_that_resolves_inward_without_connecting(host, reason):
    with local_dns(ZONE) as server:
        fetcher = SafeFetcher(resolver(server.port), AddressPolicy())
        with pytest.raises(FetchRefused) as refused:
            fetcher.fetch(f"http://{host}.meldpunt-test.nl/photo.jpg")
    assert refused.value.problem is FetchProblem.ADDRESS_REFUSED
    assert reason in refused.value.detail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ([], 53)),
        ("9.9.9.9, 149.112.112.112", (["9.9.9.9", "149.112.112.112"], 53)),
        ("127.0.0.1:5353", (["127.0.0.1"], 5353)),
        ("[::1]:5353", (["::1"], 5353)),
        ("2620:fe::fe", (["2620:fe::fe"], 53)),
    ],
)
def test_name_server_settings_are_parsed(text, expected):
    assert parse_nameservers(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("dns.example", "expected an IP address"),
        ("127.0.0.1:0", "port must be"),
        ("127.0.0.1:53,127.0.0.2:5353", "same port"),
    ],
)
def test_bad_name_server_settings_are_refused(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_nameservers(text)
