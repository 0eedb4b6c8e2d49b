"""The resolver port: the fixed table (tests, demo) and DNS answer alike."""

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from meldpunt.core.fetching.dns import DnsResolver
from meldpunt.core.fetching.resolvers import FixedResolver, NameNotResolved, Resolver
from tests.support.dns_server import local_dns

NAMES = {
    "www.meldpunt-test.nl": ["192.0.2.10", "2001:db8::10"],
    "one.meldpunt-test.nl": "192.0.2.7",
}
ZONE = {
    "www.meldpunt-test.nl.": {"A": ["192.0.2.10"], "AAAA": ["2001:db8::10"]},
    "one.meldpunt-test.nl.": {"A": ["192.0.2.7"]},
}


@contextmanager
def fixed() -> Iterator[Resolver]:
    yield FixedResolver(NAMES)


@contextmanager
def dns() -> Iterator[Resolver]:
    with local_dns(ZONE) as server:
        yield DnsResolver(["127.0.0.1"], port=server.port, timeout=2.0)


@pytest.fixture(params=[fixed, dns], ids=["fixed", "dns"])
def resolver(request):
    with request.param() as chosen:
        yield chosen


def test_a_name_gives_its_addresses_ipv4_first(resolver):
    found = resolver.resolve("www.meldpunt-test.nl")
    assert found == [ipaddress.ip_address("192.0.2.10"), ipaddress.ip_address("2001:db8::10")]
    assert resolver.resolve("one.meldpunt-test.nl") == [ipaddress.ip_address("192.0.2.7")]


def test_names_are_case_insensitive(resolver):
    assert resolver.resolve("ONE.Meldpunt-Test.nl") == [ipaddress.ip_address("192.0.2.7")]


def test_an_unknown_name_is_not_resolved(resolver):
    with pytest.raises(NameNotResolved):
        resolver.resolve("missing.meldpunt-test.nl")
