"""A real DNS server on 127.0.0.1 (UDP, a random port) answering from a small zone table."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

# name -> {"A": [...], "AAAA": [...], "CNAME": "target."}; "SERVFAIL" as a value fails the name.
Zone = Mapping[str, Mapping[str, object] | str]


@dataclass
class LocalDns:
    """The server's address, and every (name, type) it was asked, in order."""

    port: int
    questions: list[tuple[str, str]] = field(default_factory=list)


@contextlib.contextmanager
def local_dns(zone: Zone, silent: frozenset[str] = frozenset()) -> Iterator[LocalDns]:
    """Serve `zone` until the block ends; names in `silent` get no answer at all (timeouts)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.1)
    server = LocalDns(sock.getsockname()[1])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                wire, peer = sock.recvfrom(4096)
            except TimeoutError:
                continue
            query = dns.message.from_wire(wire)
            question = query.question[0]
            name = question.name.to_text().lower()
            server.questions.append((name, dns.rdatatype.to_text(question.rdtype)))
            if name in silent:
                continue
            sock.sendto(_answer(query, zone).to_wire(), peer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        thread.join()
        sock.close()


def _answer(query: dns.message.Message, zone: Zone) -> dns.message.Message:
    response = dns.message.make_response(query)
    question = query.question[0]
    name = question.name.to_text().lower()
    wanted = dns.rdatatype.to_text(question.rdtype)
    while True:
        records = zone.get(name)
        if records is None:
            response.set_rcode(dns.rcode.NXDOMAIN)
            return response
        if records == "SERVFAIL":
            response.set_rcode(dns.rcode.SERVFAIL)
            return response
        assert isinstance(records, Mapping)
        target = records.get("CNAME")
        if target:
            response.answer.append(dns.rrset.from_text(name, 60, "IN", "CNAME", str(target)))
            name = str(target).lower()
            continue
        values = records.get(wanted, [])
        assert isinstance(values, list)
        if values:
            response.answer.append(dns.rrset.from_text_list(name, 60, "IN", wanted, values))
        return response
