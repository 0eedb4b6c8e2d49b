"""The fetcher refuses every internal destination before a single packet is sent.

No test here reaches any network: the transport is an httpx.MockTransport that records what
would have been sent, and names resolve through a fixed table.
"""

import ipaddress

import httpx
import pytest

from meldpunt.core.fetching.addresses import AddressPolicy, AddressProblem, embedded_ipv4
from meldpunt.core.fetching.fetcher import FetchProblem, FetchRefused, SafeFetcher
from meldpunt.core.fetching.resolvers import FixedResolver

PUBLIC = "93.184.215.14"  # a public address: the mock transport answers for it, nothing is sent

NAMES = FixedResolver(
    {
        "public.example.com": PUBLIC,
        "inward.example.com": "10.0.0.5",
        "loop.example.com": "127.0.0.1",
        "meta.example.com": "169.254.169.254",
        "v6loop.example.com": "::1",
        "mapped.example.com": "::ffff:192.168.1.1",
        "mixed.example.com": [PUBLIC, "192.168.0.10"],
        "cgnat.example.com": "100.64.1.1",
        "ula.example.com": "fd12:3456::1",
        "rebind.example.com": [[PUBLIC], ["127.0.0.1"]],
    }
)


class Recorder:
    """A transport that answers redirects for the public address and records every request."""

    def __init__(self, redirects=None):
        self.seen: list[httpx.Request] = []
        self.redirects = redirects or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.host != PUBLIC:
            raise AssertionError(f"a request reached {request.url.host}")
        target = self.redirects.get(request.url.path)
        if target:
            return httpx.Response(302, headers={"Location": target})
        return httpx.Response(200, content=b"\x89PNG\r\n\x1a\n" + bytes(600))


def fetcher(recorder: Recorder, allow_loopback=False) -> SafeFetcher:
    return SafeFetcher(
        NAMES, AddressPolicy(allow_loopback), transport=httpx.MockTransport(recorder)
    )


LITERALS = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://127.0.0.2:8080/x",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://017700000001/",
    "http://0177.0.0.1/",
    "http://0x7f.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://10.0.0.1/",
    "http://10.255.255.255/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.0.1/",
    "http://192.168.1.1:443/",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.170.2/v2/credentials",
    "http://169.254.0.1/",
    "http://100.64.0.1/",
    "http://100.100.100.200/latest/meta-data",
    "http://168.63.129.16/machine",
    "http://224.0.0.1/",
    "http://239.255.255.250/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://198.18.0.1/",
    "http://192.0.0.8/",
    "http://192.0.2.1/",
    "http://[::1]/",
    "http://[::]/",
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a9fe:a9fe]/",
    "http://[64:ff9b::7f00:1]/",
    "http://[2002:7f00:1::]/",
    "http://[2002:a9fe:a9fe::1]/",
    "http://[::127.0.0.1]/",
    "http://[ff02::1]/",
    "http://[2001:db8::1]/",
    "http://[64:ff9b:1::10.0.0.1]/",
    "https://127.0.0.1:8443/",
    "http://user:pass@127.0.0.1/",
    "http://example.com@127.0.0.1/",
    "http://127.0.0.1#@example.com/",
    "http://[0:0:0:0:0:ffff:127.0.0.1]/",
    "http://192.0.0.192/opc/v2/instance/",
    "http://192.0.0.100/",
    "http://[fec0::1]/",
    "http://[::%31]/",
    "http://[fe80::1%25eth0]/",
]
NAMED = [
    "http://localhost/",
    "http://localhost.localdomain/",
    "http://metadata.google.internal/",
    "http://inward.example.com/",
    "http://loop.example.com/",
    "http://meta.example.com/",
    "http://v6loop.example.com/",
    "http://mapped.example.com/",
    "http://mixed.example.com/",
    "http://cgnat.example.com/",
    "http://ula.example.com/",
    "http://unknown-name.example.com/",
]
SCHEMES = [
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/",
    "ftp://public.example.com/",
    "javascript:alert(1)",
    "dict://127.0.0.1:11211/",
    "//127.0.0.1/",
    "http:///",
]


@pytest.mark.parametrize("url", LITERALS + NAMED + SCHEMES)
def test_internal_destinations_are_refused_without_traffic(url):
    recorder = Recorder()
    with pytest.raises(FetchRefused) as refused:
        fetcher(recorder).fetch(url)
    assert recorder.seen == []
    assert refused.value.problem in {
        FetchProblem.ADDRESS_REFUSED,
        FetchProblem.NOT_PUBLIC_NAME,
        FetchProblem.SCHEME,
        FetchProblem.BAD_URL,
        FetchProblem.NOT_RESOLVED,
    }


def test_the_corpus_is_big_enough():
    assert len(LITERALS + NAMED + SCHEMES) >= 50


REDIRECT_TARGETS = [
    "http://127.0.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:8080/",
    "http://inward.example.com/admin",
    "http://2130706433/",
    "file:///etc/passwd",
    "http://[::ffff:10.0.0.1]/",
    "gopher://public.example.com/",
]


@pytest.mark.parametrize("target", REDIRECT_TARGETS)
def test_redirects_to_internal_addresses_are_refused(target):
    recorder = Recorder({"/start": "/next", "/next": target})
    with pytest.raises(FetchRefused) as refused:
        fetcher(recorder).fetch("http://public.example.com/start")
    assert [r.url.path for r in recorder.seen] == ["/start", "/next"]
    assert refused.value.problem in {
        FetchProblem.ADDRESS_REFUSED,
        FetchProblem.SCHEME,
        FetchProblem.NOT_PUBLIC_NAME,
    }


def test_more_than_five_redirects_are_refused():
    recorder = Recorder({f"/{n}": f"/{n + 1}" for n in range(10)})
    with pytest.raises(FetchRefused) as refused:
        fetcher(recorder).fetch("http://public.example.com/0")
    assert refused.value.problem is FetchProblem.TOO_MANY_REDIRECTS
    assert len(recorder.seen) == 6


def test_dns_rebinding_cannot_move_the_connection_inward():
    """The name answers public first, then 127.0.0.1: the second hop is vetted again and refused."""
    recorder = Recorder({"/a": "/b"})
    with pytest.raises(FetchRefused) as refused:
        fetcher(recorder).fetch("http://rebind.example.com/a")
    assert refused.value.problem is FetchProblem.ADDRESS_REFUSED
    assert [(r.url.host, r.url.path) for r in recorder.seen] == [(PUBLIC, "/a")]


def test_the_connection_is_pinned_and_carries_the_name():
    recorder = Recorder()
    fetched = fetcher(recorder).fetch("http://public.example.com:8080/p?q=1")
    [request] = recorder.seen
    assert (request.url.host, request.url.port, request.url.raw_path) == (PUBLIC, 8080, b"/p?q=1")
    assert request.headers["host"] == "public.example.com:8080"
    assert fetched.address == PUBLIC and fetched.kind.value == "image"


def test_loopback_is_allowed_only_when_configured():
    recorder = Recorder()
    with pytest.raises(FetchRefused):
        fetcher(recorder).fetch("http://127.0.0.1:9/")
    assert fetcher(recorder, allow_loopback=True).check(
        "http://127.0.0.1:9/"
    ).address == ipaddress.ip_address("127.0.0.1")
    with pytest.raises(FetchRefused):  # loopback, yes; private networks, still no
        fetcher(recorder, allow_loopback=True).check("http://10.0.0.1/")


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("169.254.169.254", AddressProblem.METADATA),
        ("168.63.129.16", AddressProblem.METADATA),
        ("127.0.0.1", AddressProblem.LOOPBACK),
        ("10.1.2.3", AddressProblem.PRIVATE),
        ("169.254.1.1", AddressProblem.LINK_LOCAL),
        ("100.127.255.255", AddressProblem.CGNAT),
        ("233.252.0.1", AddressProblem.MULTICAST),
        ("::ffff:10.0.0.1", AddressProblem.PRIVATE),
        ("64:ff9b::a9fe:a9fe", AddressProblem.METADATA),
        ("2002:0a00:0001::1", AddressProblem.PRIVATE),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("64:ff9b::808:808", None),
    ],
)
def test_address_policy(address, problem):
    refusal = AddressPolicy().refusal(ipaddress.ip_address(address))
    assert (refusal.problem if refusal else None) is problem


# 192.0.0.192 (Oracle Cloud's metadata service) and 192.0.0.100 in every spelling a URL allows.
SPELLINGS = {
    "http://3221225664/": "cloud metadata address",
    "http://0xc00000c0/": "cloud metadata address",
    "http://0300.0.0.0300/": "cloud metadata address",
    "http://192.0.192/": "cloud metadata address",
    "http://[::ffff:192.0.0.192]/": "cloud metadata address",
    "http://[::ffff:c000:c0]/": "cloud metadata address",
    "http://[64:ff9b::c000:c0]/": "cloud metadata address",
    "http://[2002:c000:c0::1]/": "cloud metadata address",
    "http://[::192.0.0.192]/": "cloud metadata address",
    "http://3221225572/": "IETF Protocol Assignments (192.0.0.0/24)",
    "http://0xc0.0.0.0x64/": "IETF Protocol Assignments (192.0.0.0/24)",
    "http://[::ffff:192.0.0.100]/": "IETF Protocol Assignments (192.0.0.0/24)",
    "http://[64:ff9b::192.0.0.100]/": "IETF Protocol Assignments (192.0.0.0/24)",
    "http://[2002:c000:64::]/": "IETF Protocol Assignments (192.0.0.0/24)",
    "http://[FEC0::1]/": "outside global unicast",
    "http://[fec0:0:0:0:0:0:0:1]/": "outside global unicast",
    "http://[feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]/": "outside global unicast",
}


@pytest.mark.parametrize(("url", "reason"), SPELLINGS.items())
def test_every_spelling_is_refused_by_the_address_policy(url, reason):
    recorder = Recorder()
    with pytest.raises(FetchRefused) as refused:
        fetcher(recorder).fetch(url)
    assert recorder.seen == []
    assert refused.value.problem is FetchProblem.ADDRESS_REFUSED
    assert reason in refused.value.detail


@pytest.mark.parametrize(
    "url",
    ["http://[::%31]/", "http://[fe80::1%25eth0]/", "http://[2606:4700::1111%25eth0]/x"],
)
def test_a_zone_identifier_is_refused_not_stripped(url):
    """Stripping the zone would judge another address ([::%31] became [::], a public one passed)."""
    recorder = Recorder()
    with pytest.raises(FetchRefused) as refused:
        fetcher(recorder).check(url)
    assert refused.value.problem is FetchProblem.ADDRESS_REFUSED
    assert refused.value.detail.startswith("IPv6 address with a zone identifier")


def test_a_resolver_answer_with_a_zone_is_refused():
    refusal = AddressPolicy().refusal(ipaddress.ip_address("2606:4700::1111%eth0"))
    assert refusal is not None and refusal.problem is AddressProblem.ZONE


def test_embedded_ipv4_forms():
    assert str(embedded_ipv4(ipaddress.ip_address("::ffff:1.2.3.4"))) == "1.2.3.4"
    assert str(embedded_ipv4(ipaddress.ip_address("2002:0102:0304::"))) == "1.2.3.4"
    assert str(embedded_ipv4(ipaddress.ip_address("64:ff9b::0102:0304"))) == "1.2.3.4"
    assert embedded_ipv4(ipaddress.ip_address("2606:4700::1")) is None
    assert embedded_ipv4(ipaddress.ip_address("::1")) is None
