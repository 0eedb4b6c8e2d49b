"""A and AAAA lookups with dnspython: the resolver the fetcher and the hosting trace use.

Unlike the operating system's resolver it can be pointed at chosen name servers (a hotline may
want its lookups to leave through its own resolver, not the host's), it never reads /etc/hosts,
and it tells a missing name from an unreachable server.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

import dns.exception
import dns.inet
import dns.name
import dns.resolver

from meldpunt.core.fetching.addresses import IPAddress
from meldpunt.core.fetching.resolvers import NameNotResolved

RECORD_TYPES = ("A", "AAAA")


class DnsResolver:
    """Every A and AAAA answer for a name, CNAMEs followed, from the system's or given servers."""

    def __init__(
        self,
        nameservers: Sequence[str] = (),
        port: int = 53,
        timeout: float = 5.0,
    ) -> None:
        self._resolver = dns.resolver.Resolver(configure=not nameservers)
        if nameservers:
            self._resolver.nameservers = list(nameservers)
        self._resolver.port = port
        self._resolver.lifetime = timeout
        self._resolver.cache = dns.resolver.LRUCache(4096)

    def resolve(self, host: str) -> list[IPAddress]:
        """IPv4 answers first, then IPv6; NameNotResolved says why there are none."""
        try:
            name = dns.name.from_text(host.rstrip(".") + ".")
        except (dns.exception.DNSException, UnicodeError) as error:
            raise NameNotResolved(f"{host}: not a valid DNS name") from error
        found: list[IPAddress] = []
        reasons: list[str] = []
        for record_type in RECORD_TYPES:
            try:
                answer = self._resolver.resolve(name, record_type, search=False)
            except dns.resolver.NXDOMAIN:
                raise NameNotResolved(f"{host}: no such domain") from None
            except (dns.resolver.NoAnswer, dns.resolver.NoNameservers) as error:
                reasons.append(_reason(error))
                continue
            except dns.exception.Timeout:
                reasons.append("the name servers did not answer in time")
                continue
            for record in answer:
                address = ipaddress.ip_address(record.address)
                if address not in found:
                    found.append(address)
        if not found:
            raise NameNotResolved(f"{host}: " + "; ".join(dict.fromkeys(reasons)))
        return found


def _reason(error: dns.exception.DNSException) -> str:
    if isinstance(error, dns.resolver.NoAnswer):
        return "no address records"
    return "the name servers refused or failed the lookup"


def parse_nameservers(text: str) -> tuple[list[str], int]:
    """'9.9.9.9, 2620:fe::fe' or with a shared ':port' suffix as '[::1]:5353'; ValueError if bad."""
    servers: list[str] = []
    ports: set[int] = set()
    for entry in filter(None, (part.strip() for part in text.split(","))):
        address, port = _split_port(entry)
        if not dns.inet.is_address(address):
            raise ValueError(f"bad name server {entry!r}: expected an IP address, optionally :port")
        servers.append(address)
        ports.add(port)
    if len(ports) > 1:
        raise ValueError("all name servers must use the same port")
    return servers, ports.pop() if ports else 53


def _split_port(entry: str) -> tuple[str, int]:
    if entry.startswith("["):
        address, _, rest = entry[1:].partition("]")
        return address, _port(rest.removeprefix(":") or "53", entry)
    if entry.count(":") == 1:
        address, _, port = entry.partition(":")
        return address, _port(port, entry)
    return entry, 53


def _port(text: str, entry: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"bad name server {entry!r}: the port must be 1 to 65535")
    return int(text)
