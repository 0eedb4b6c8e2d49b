"""Turning host names into addresses: the system resolver, and a fixed table for tests."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Mapping, Sequence
from typing import Protocol

from meldpunt.core.fetching.addresses import IPAddress


class NameNotResolved(Exception):
    """The name has no A or AAAA record (or the lookup failed)."""


class Resolver(Protocol):
    """Every address a host name resolves to, IPv4 and IPv6."""

    def resolve(self, host: str) -> list[IPAddress]:
        """All addresses, in the order to try them; NameNotResolved if there are none."""
        ...


class SystemResolver:
    """The operating system's resolver (getaddrinfo)."""

    def resolve(self, host: str) -> list[IPAddress]:
        """All A and AAAA answers."""
        try:
            answers = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as error:
            raise NameNotResolved(host) from error
        found: list[IPAddress] = []
        for *_, sockaddr in answers:
            address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
            if address not in found:
                found.append(address)
        return found


class FixedResolver:
    """Answers from a table: offline tests and demos. A list of answers is served in turn."""

    def __init__(self, table: Mapping[str, str | Sequence[str] | Sequence[Sequence[str]]]) -> None:
        self._table = {name.lower(): value for name, value in table.items()}
        self._calls: dict[str, int] = {}

    def resolve(self, host: str) -> list[IPAddress]:
        """The table's addresses for `host`; a list of lists rotates per call (DNS rebinding)."""
        value = self._table.get(host.lower())
        if value is None:
            raise NameNotResolved(host)
        rounds = [value] if isinstance(value, str) else list(value)
        if rounds and not isinstance(rounds[0], str):
            turn = self._calls.get(host, 0)
            self._calls[host] = turn + 1
            rounds = list(rounds[min(turn, len(rounds) - 1)])
        return [ipaddress.ip_address(str(a)) for a in rounds]


class ChainedResolver:
    """Ask each resolver in turn; the first that knows the name answers."""

    def __init__(self, *resolvers: Resolver) -> None:
        self._resolvers = resolvers

    def resolve(self, host: str) -> list[IPAddress]:
        """The first answer, or NameNotResolved from the last resolver."""
        for resolver in self._resolvers[:-1]:
            try:
                return resolver.resolve(host)
            except NameNotResolved:
                continue
        return self._resolvers[-1].resolve(host)


def parse_host_table(text: str) -> dict[str, str]:
    """'name=address,name=address' into a table; ValueError names a bad entry."""
    table: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in text.split(","))):
        name, _, address = entry.partition("=")
        try:
            ipaddress.ip_address(address.strip())
        except ValueError:
            raise ValueError(f"bad host entry {entry!r}: expected name=address") from None
        table[name.strip().lower()] = address.strip()
    return table
