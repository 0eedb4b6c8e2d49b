"""Which IP addresses the fetcher may connect to, judged by the IANA special-purpose registries.

Python's `is_global` and `is_private` are not used: their answers change between patch releases
(3.11.7 calls 192.0.0.192 and fec0::1 global and not private) and they still miss blocks. The
rule instead:

- refuse every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (kept as data
  in `special_purpose`) that the registry does not call globally reachable; the most specific
  block decides (192.0.0.0/24 is refused, 192.0.0.9/32 inside it is marked reachable);
- refuse IPv4 multicast, and for IPv6 allow only global unicast 2000::/3, so that site-local
  (fec0::/10), multicast and space not yet assigned are refused without a registry row;
- unwrap IPv6 forms that carry an IPv4 address (mapped, compatible, 6to4, NAT64) and judge that
  IPv4 address too;
- name cloud metadata addresses even where they are public (Azure's 168.63.129.16), and refuse
  IPv6 zone identifiers, which name an interface of this machine.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from meldpunt.core.fetching.special_purpose import (
    IPNetwork,
    Reachability,
    SpecialBlock,
    registry,
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _networks(*blocks: str) -> frozenset[IPNetwork]:
    return frozenset(ipaddress.ip_network(block) for block in blocks)


METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OCI, most others
        "169.254.170.2",  # AWS ECS task credentials
        "168.63.129.16",  # Azure wire server: a public address
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
LOOPBACK = _networks("127.0.0.0/8", "::1/128")
MULTICAST = _networks("224.0.0.0/4", "ff00::/8")  # from the address space registries
GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")

# Marked globally reachable in the registry, refused all the same. Anycast services (PCP, TURN,
# DNS-SD SRP, AMT, AS112) are answered by the nearest server of the service, which may be the
# hotline's own gateway or resolver; ORCHIDv2 and DETs are cryptographic identifiers, not where a
# web server lives. No reported site is at any of them. Only NAT64's 64:ff9b::/96 stays open: on
# an IPv6-only network with DNS64 every IPv4 site has such an address, judged by the IPv4 inside.
REACHABLE_BUT_REFUSED = _networks(
    "192.0.0.9/32",
    "192.0.0.10/32",
    "192.31.196.0/24",
    "192.52.193.0/24",
    "192.175.48.0/24",
    "2001:1::1/128",
    "2001:1::2/128",
    "2001:1::3/128",
    "2001:3::/32",
    "2001:4:112::/48",
    "2001:20::/28",
    "2001:30::/28",
    "2620:4f:8000::/48",
)


class AddressProblem(StrEnum):
    """Why an address is refused; the value is what item errors show."""

    METADATA = "cloud metadata address"
    LOOPBACK = "loopback address"
    PRIVATE = "private network address"
    LINK_LOCAL = "link-local address"
    CGNAT = "carrier-grade NAT address"
    MULTICAST = "multicast address"
    RESERVED = "reserved or non-public address"
    NOT_GLOBAL_UNICAST = "IPv6 address outside global unicast (2000::/3)"
    ZONE = "IPv6 address with a zone identifier"


KINDS: Mapping[IPNetwork, AddressProblem] = {
    network: problem
    for problem, blocks in (
        (AddressProblem.PRIVATE, ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")),
        (AddressProblem.LOOPBACK, ("127.0.0.0/8", "::1/128")),
        (AddressProblem.LINK_LOCAL, ("169.254.0.0/16", "fe80::/10")),
        (AddressProblem.CGNAT, ("100.64.0.0/10",)),
    )
    for network in _networks(*blocks)
}


@dataclass(frozen=True)
class Refusal:
    """An address the fetcher may not connect to, and the registry block that says so."""

    problem: AddressProblem
    block: SpecialBlock | None = None

    def explain(self, address: object) -> str:
        """What an item error shows: the problem, the address, the block's name and range."""
        where = f": {self.block.name} ({self.block.network})" if self.block else ""
        return f"{self.problem.value} {address}{where}"


@dataclass(frozen=True)
class AddressPolicy:
    """Public unicast only; `allow_loopback` admits 127.0.0.0/8 and ::1 for tests and demos."""

    allow_loopback: bool = False

    def refusal(self, address: IPAddress) -> Refusal | None:
        """None if the fetcher may connect to `address`, else why not."""
        if isinstance(address, ipaddress.IPv6Address) and address.scope_id is not None:
            return Refusal(AddressProblem.ZONE)
        if address in METADATA:
            return Refusal(AddressProblem.METADATA)
        inner = embedded_ipv4(address)
        carried = self.refusal(inner) if inner is not None else None
        if carried is not None:
            return carried
        if self.allow_loopback and any(address in network for network in LOOPBACK):
            return None
        return _refusal_of(address)


def _refusal_of(address: IPAddress) -> Refusal | None:
    block = special_block(address)
    if block is not None and refused(block):
        return Refusal(KINDS.get(block.network, AddressProblem.RESERVED), block)
    if any(address in network for network in MULTICAST):
        return Refusal(AddressProblem.MULTICAST)
    if address.version == 6 and block is None and address not in GLOBAL_UNICAST:
        return Refusal(AddressProblem.NOT_GLOBAL_UNICAST)
    return None


def refused(block: SpecialBlock) -> bool:
    """A block is open only if the registry calls it globally reachable and we do not object.

    "N/A" (Teredo 2001::/32, 6to4 2002::/16) and a blank (terminated allocations) count as not
    reachable: both tunnels end at a relay chosen by the address, which could carry the connection
    anywhere, and a terminated block has no purpose left that a reported site could serve.
    """
    return (
        block.reachability is not Reachability.REACHABLE or block.network in REACHABLE_BUT_REFUSED
    )


def special_block(address: IPAddress) -> SpecialBlock | None:
    """The most specific registry block holding `address`, if any."""
    return next((b for b in MOST_SPECIFIC_FIRST[address.version] if address in b.network), None)


def _most_specific_first(version: int) -> tuple[SpecialBlock, ...]:
    blocks = registry(version).blocks
    return tuple(sorted(blocks, key=lambda block: block.network.prefixlen, reverse=True))


# Read on import, so that a damaged registry file stops start-up instead of the first fetch.
MOST_SPECIFIC_FIRST = {version: _most_specific_first(version) for version in (4, 6)}


def has_zone(host: str) -> bool:
    """True for an IPv6 literal with a zone identifier (`fe80::1%eth0`, `::%31`)."""
    return ":" in host and "%" in host


def ip_literal(host: str) -> IPAddress | None:
    """The address if `host` is an IP literal (IPv6 with or without brackets), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address inside an IPv4-mapped, -compatible, 6to4 or NAT64 IPv6 address."""
    if address.version == 4:
        return None
    assert isinstance(address, ipaddress.IPv6Address)
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64 or (address in IPV4_COMPATIBLE and int(address) > 1):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None
