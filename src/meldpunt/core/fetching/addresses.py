"""Which IP addresses the fetcher may connect to: public unicast only, checked after unwrapping.

Python's `is_global` alone is not enough: it calls multicast, NAT64 (64:ff9b::/96), 6to4 with
a private IPv4 inside, and IPv4-compatible addresses global. So IPv6 forms that embed an IPv4
address are unwrapped and the IPv4 address is judged; cloud metadata addresses are named even
where they are otherwise public (Azure's 168.63.129.16).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from enum import StrEnum

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",
        "169.254.170.2",
        "168.63.129.16",
        "100.100.100.200",
        "fd00:ec2::254",
    )
)
CGNAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
# IANA special-purpose blocks that are not globally reachable, listed here as well because
# `is_global` differs between Python releases (3.11.7 calls 192.0.0.8 global).
NOT_PUBLIC = tuple(
    ipaddress.ip_network(block)
    for block in (
        "0.0.0.0/8",
        "192.0.0.0/29",
        "192.0.0.8/32",
        "192.0.0.170/31",
        "192.0.2.0/24",
        "192.88.99.0/24",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "240.0.0.0/4",
        "100::/64",
        "2001::/23",
        "2001:db8::/32",
        "3fff::/20",
        "5f00::/16",
    )
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


@dataclass(frozen=True)
class AddressPolicy:
    """Public unicast only; `allow_loopback` admits 127.0.0.0/8 and ::1 for tests and demos."""

    allow_loopback: bool = False

    def problem(self, address: IPAddress) -> AddressProblem | None:
        """None if the fetcher may connect to `address`, else why not."""
        inner = embedded_ipv4(address)
        if inner is not None:
            return self.problem(inner)
        if address.version == 6 and address in NAT64_LOCAL:
            return AddressProblem.RESERVED
        if address.is_loopback:
            return None if self.allow_loopback else AddressProblem.LOOPBACK
        return _problem_of(address)


def _problem_of(address: IPAddress) -> AddressProblem | None:
    checks = (
        (address in METADATA, AddressProblem.METADATA),
        (address.is_multicast, AddressProblem.MULTICAST),
        (address.is_link_local, AddressProblem.LINK_LOCAL),
        (address.version == 4 and address in CGNAT, AddressProblem.CGNAT),
        (address.is_private, AddressProblem.PRIVATE),
        (
            address.is_reserved
            or address.is_unspecified
            or not address.is_global
            or any(address.version == block.version and address in block for block in NOT_PUBLIC),
            AddressProblem.RESERVED,
        ),
    )
    return next((problem for failed, problem in checks if failed), None)


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
