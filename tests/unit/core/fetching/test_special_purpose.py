"""Every IANA special-purpose block is judged as the registry says, as a literal and by name.

The table below is written out by hand, apart from the shipped registry files, so that a row
typed wrongly in either one shows up here; a block added to the registry must be added here too.
No test sends a packet: names resolve through a fixed table, the transport fails the test if
it is ever asked to connect.
"""

import ipaddress

import httpx
import pytest

from meldpunt.core.fetching.addresses import AddressPolicy, AddressProblem, refused
from meldpunt.core.fetching.fetcher import FetchProblem, FetchRefused, SafeFetcher
from meldpunt.core.fetching.resolvers import FixedResolver
from meldpunt.core.fetching.special_purpose import (
    Reachability,
    RegistryUnreadable,
    read_registry,
    registry,
)

P = AddressProblem
# block, its name in the registry, an address only that block holds, the expected problem
BLOCKS = [
    ("0.0.0.0/8", '"This network"', "0.1.2.3", P.RESERVED),
    ("0.0.0.0/32", '"This host on this network"', "0.0.0.0", P.RESERVED),  # noqa: S104 (judged, not bound)
    ("10.0.0.0/8", "Private-Use", "10.20.30.40", P.PRIVATE),
    ("100.64.0.0/10", "Shared Address Space", "100.80.1.1", P.CGNAT),
    ("127.0.0.0/8", "Loopback", "127.3.2.1", P.LOOPBACK),
    ("169.254.0.0/16", "Link Local", "169.254.10.1", P.LINK_LOCAL),
    ("172.16.0.0/12", "Private-Use", "172.20.1.1", P.PRIVATE),
    ("192.0.0.0/24", "IETF Protocol Assignments", "192.0.0.100", P.RESERVED),
    ("192.0.0.0/29", "IPv4 Service Continuity Prefix", "192.0.0.5", P.RESERVED),
    ("192.0.0.8/32", "IPv4 dummy address", "192.0.0.8", P.RESERVED),
    ("192.0.0.9/32", "Port Control Protocol Anycast", "192.0.0.9", P.RESERVED),
    ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "192.0.0.10", P.RESERVED),
    ("192.0.0.170/32", "NAT64/DNS64 Discovery", "192.0.0.170", P.RESERVED),
    ("192.0.0.171/32", "NAT64/DNS64 Discovery", "192.0.0.171", P.RESERVED),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)", "192.0.2.33", P.RESERVED),
    ("192.31.196.0/24", "AS112-v4", "192.31.196.1", P.RESERVED),
    ("192.52.193.0/24", "AMT", "192.52.193.1", P.RESERVED),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "192.88.99.1", P.RESERVED),
    ("192.88.99.2/32", "6a44-relay anycast address", "192.88.99.2", P.RESERVED),
    ("192.168.0.0/16", "Private-Use", "192.168.1.1", P.PRIVATE),
    ("192.175.48.0/24", "Direct Delegation AS112 Service", "192.175.48.6", P.RESERVED),
    ("198.18.0.0/15", "Benchmarking", "198.19.1.1", P.RESERVED),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)", "198.51.100.7", P.RESERVED),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)", "203.0.113.9", P.RESERVED),
    ("240.0.0.0/4", "Reserved", "250.1.2.3", P.RESERVED),
    ("255.255.255.255/32", "Limited Broadcast", "255.255.255.255", P.RESERVED),
    ("::1/128", "Loopback Address", "::1", P.LOOPBACK),
    ("::/128", "Unspecified Address", "::", P.RESERVED),
    ("::ffff:0:0/96", "IPv4-mapped Address", "::ffff:8.8.8.8", P.RESERVED),
    ("64:ff9b::/96", "IPv4-IPv6 Translat.", "64:ff9b::8.8.8.8", None),  # NAT64: the IPv4 decides
    ("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "64:ff9b:1::808:808", P.RESERVED),
    ("100::/64", "Discard-Only Address Block", "100::1", P.RESERVED),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix", "100:0:0:1::1", P.RESERVED),
    ("2001::/23", "IETF Protocol Assignments", "2001:100::1", P.RESERVED),
    ("2001::/32", "TEREDO", "2001:0:4136:e378:8000:63bf:3fff:fdd2", P.RESERVED),
    ("2001:1::1/128", "Port Control Protocol Anycast", "2001:1::1", P.RESERVED),
    ("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "2001:1::2", P.RESERVED),
    ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "2001:1::3", P.RESERVED),
    ("2001:2::/48", "Benchmarking", "2001:2::1", P.RESERVED),
    ("2001:3::/32", "AMT", "2001:3::1", P.RESERVED),
    ("2001:4:112::/48", "AS112-v6", "2001:4:112::1", P.RESERVED),
    ("2001:10::/28", "Deprecated (previously ORCHID)", "2001:10::1", P.RESERVED),
    ("2001:20::/28", "ORCHIDv2", "2001:20::1", P.RESERVED),
    (
        "2001:30::/28",
        "Drone Remote ID Protocol Entity Tags (DETs) Prefix",
        "2001:30::9",
        P.RESERVED,
    ),
    ("2001:db8::/32", "Documentation", "2001:db8::1", P.RESERVED),
    ("2002::/16", "6to4", "2002:808:808::1", P.RESERVED),  # a public IPv4 inside: still refused
    ("2620:4f:8000::/48", "Direct Delegation AS112 Service", "2620:4f:8000::1", P.RESERVED),
    ("3fff::/20", "Documentation", "3fff::1", P.RESERVED),
    ("5f00::/16", "Segment Routing (SRv6) SIDs", "5f00::1", P.RESERVED),
    ("fc00::/7", "Unique-Local", "fd12:3456::1", P.PRIVATE),
    ("fe80::/10", "Link-Local Unicast", "fe80::1", P.LINK_LOCAL),
]
REFUSED = [row for row in BLOCKS if row[3] is not None]
# Neither in a registry block nor in global unicast: refused without a row of their own.
UNLISTED = [
    ("fec0::1", P.NOT_GLOBAL_UNICAST),  # site-local, deprecated in 2004
    ("fec0::", P.NOT_GLOBAL_UNICAST),
    ("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", P.NOT_GLOBAL_UNICAST),
    ("1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", P.NOT_GLOBAL_UNICAST),
    ("4000::", P.NOT_GLOBAL_UNICAST),
    ("8000::1", P.NOT_GLOBAL_UNICAST),
    ("::8.8.8.8", P.NOT_GLOBAL_UNICAST),  # IPv4-compatible, deprecated
    ("ff02::1", P.MULTICAST),
    ("ff0e::1", P.MULTICAST),
    ("224.0.0.1", P.MULTICAST),
    ("239.255.255.255", P.MULTICAST),
]
# Just outside refused blocks, in space the registries leave to the RIRs: fetched.
NEIGHBOURS = [
    "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0", "126.255.255.255",
    "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
    "191.255.255.255", "192.0.1.0", "192.0.3.0", "192.31.195.255", "192.31.197.0",
    "192.52.192.255", "192.52.194.0", "192.88.98.255", "192.88.100.0", "192.167.255.255",
    "192.169.0.0", "192.175.47.255", "192.175.49.0", "198.17.255.255", "198.20.0.0",
    "198.51.99.255", "198.51.101.0", "203.0.112.255", "203.0.114.0", "223.255.255.255",
    "2000::1", "2001:200::1", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db9::",
    "2003::1", "2620:4f:7fff:ffff:ffff:ffff:ffff:ffff", "2620:4f:8001::", "3fff:1000::",
    "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "64:ff9b::1.1.1.1",
]  # fmt: skip


def policy_refusal(address: str):
    return AddressPolicy().refusal(ipaddress.ip_address(address))


def test_the_shipped_registries_hold_exactly_the_blocks_tested_here():
    shipped = {(str(b.network), b.name) for v in (4, 6) for b in registry(v).blocks}
    assert shipped == {(block, name) for block, name, _, _ in BLOCKS}


@pytest.mark.parametrize("version", [4, 6])
def test_each_registry_names_its_source_and_date(version):
    shipped = registry(version)
    assert shipped.name == f"IANA IPv{version} Special-Purpose Address Registry"
    assert shipped.source.startswith("https://www.iana.org/assignments/")
    assert shipped.updated == "2025-10-09"


@pytest.mark.parametrize(("block", "name", "inside", "problem"), BLOCKS)
def test_an_address_inside_each_block_is_judged_by_that_block(block, name, inside, problem):
    refusal = policy_refusal(inside)
    assert (refusal.problem if refusal else None) is problem
    if refusal is not None:
        assert (str(refusal.block.network), refusal.block.name) == (block, name)


@pytest.mark.parametrize(("block", "name", "inside", "problem"), REFUSED)
def test_both_ends_of_each_refused_block_are_refused(block, name, inside, problem):
    network = ipaddress.ip_network(block)
    for edge in (network.network_address, network.broadcast_address):
        assert AddressPolicy().refusal(edge) is not None, edge


@pytest.mark.parametrize(("address", "problem"), UNLISTED)
def test_space_outside_the_registries_is_refused_unless_public_unicast(address, problem):
    refusal = policy_refusal(address)
    assert refusal is not None and refusal.problem is problem


@pytest.mark.parametrize("address", NEIGHBOURS)
def test_the_addresses_next_to_refused_blocks_are_fetched(address):
    assert policy_refusal(address) is None


def test_only_nat64_is_open_among_the_blocks_marked_reachable():
    reachable = [
        str(b.network)
        for v in (4, 6)
        for b in registry(v).blocks
        if b.reachability is Reachability.REACHABLE and not refused(b)
    ]
    assert reachable == ["64:ff9b::/96"]


def no_connection(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the fetcher tried to connect to {request.url.host}")


@pytest.mark.parametrize(("block", "name", "inside", "problem"), REFUSED)
def test_a_name_resolving_into_a_refused_block_is_refused_before_connecting(
    block, name, inside, problem
):
    names = FixedResolver({"site.example.com": ["8.8.8.8", inside]})
    fetcher = SafeFetcher(names, AddressPolicy(), transport=httpx.MockTransport(no_connection))
    with pytest.raises(FetchRefused) as refused_fetch:
        fetcher.fetch("http://site.example.com/")
    assert refused_fetch.value.problem is FetchProblem.ADDRESS_REFUSED
    address = ipaddress.ip_address(inside)
    assert refused_fetch.value.detail.endswith(f"{address}: {name} ({block})")


HEADER = "# registry: R\n# source: https://example.org/r.csv\n# updated: 2025-10-09\n"
COLUMNS = "Address Block,Name,RFC,Termination Date,Globally Reachable\n"


def test_registry_cells_are_read_with_their_footnotes_and_shared_rows():
    text = (
        HEADER
        + COLUMNS
        + (
            "192.0.0.0/24 [2],IETF,[RFC6890],N/A,False\n"
            '"192.0.0.170/32, 192.0.0.171/32",Discovery,[RFC8880],N/A,False [1]\n'
            "192.88.99.0/24,Deprecated,[RFC7526],2015-03,\n"
        )
    )
    blocks = read_registry(text, 4, "test.csv").blocks
    assert [str(b.network) for b in blocks] == [
        "192.0.0.0/24", "192.0.0.170/32", "192.0.0.171/32", "192.88.99.0/24"
    ]  # fmt: skip
    assert [b.reachability for b in blocks] == [Reachability.NOT_REACHABLE] * 3 + [
        Reachability.UNDEFINED
    ]
    assert blocks[3].terminated == "2015-03" and blocks[0].terminated == ""


def test_a_cell_over_two_lines_as_the_registry_writes_it_is_read_whole():
    row = '255.255.255.255/32,Broadcast,"[RFC8190]\n        [RFC919], Section 7",N/A,False\n'
    [block] = read_registry(HEADER + COLUMNS + row, 4, "test.csv").blocks
    assert (block.name, block.rfc) == ("Broadcast", "[RFC8190] [RFC919], Section 7")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (COLUMNS + "10.0.0.0/8,Private,[RFC1918],N/A,False\n", "header lines missing: registry"),
        (HEADER.replace("2025-10-09", "October") + COLUMNS, "must be a date"),
        (HEADER + "Address Block,Name\n10.0.0.0/8,Private\n", "missing columns RFC"),
        (HEADER + COLUMNS, "no address blocks"),
        (HEADER + COLUMNS + "10.0.0.1/8,Private,[RFC1918],N/A,False\n", "row 1: .*host bits"),
        (HEADER + COLUMNS + "fc00::/7,ULA,[RFC4193],N/A,False\n", "row 1: not an IPv4 block"),
        (HEADER + COLUMNS + "10.0.0.0/8,Private,[RFC1918],N/A,Maybe\n", "row 1: 'Maybe'"),
        (HEADER + COLUMNS + "10.0.0.0/8,,[RFC1918],N/A,False\n", "row 1: the block has no name"),
    ],
)
def test_a_damaged_registry_file_is_refused_with_the_place_named(text, message):
    with pytest.raises(RegistryUnreadable, match=message):
        read_registry(text, 4, "test.csv")
