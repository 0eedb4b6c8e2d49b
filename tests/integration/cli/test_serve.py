"""meldpunt serve announces an address where it listens, however many addresses the host has."""

import socket

import pytest

from meldpunt.cli.serve import _listen, _url


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.fixture
def localhost_on_both_families(monkeypatch):
    """localhost as Debian's /etc/hosts has it: 127.0.0.1 and ::1 (a fake resolver)."""
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host != "localhost":
            return real(host, port, *args, **kwargs)
        return [*real("127.0.0.1", port, *args, **kwargs), *real("::1", port, *args, **kwargs)]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def _answers(url: str) -> bool:
    host, port = url.removeprefix("http://").rstrip("/").rsplit(":", 1)
    with socket.create_connection((host.strip("[]"), int(port)), timeout=5):
        return True


@pytest.mark.skipif(not _ipv6_loopback(), reason="this machine has no IPv6 loopback (::1)")
@pytest.mark.usefixtures("localhost_on_both_families")
def test_a_host_with_two_addresses_is_announced_by_one_that_listens():
    server = _listen("localhost", 0, threads=1)
    try:
        url = _url("localhost", server)
        assert url.startswith("http://127.0.0.1:")
        assert _answers(url)
    finally:
        server.close()


def test_one_address_is_announced_with_the_port_the_system_chose():
    server = _listen("127.0.0.1", 0, threads=1)
    try:
        url = _url("127.0.0.1", server)
        assert url != "http://127.0.0.1:0/"
        assert _answers(url)
    finally:
        server.close()
