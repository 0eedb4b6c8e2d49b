"""The tests' own guard: nothing in the test process reaches beyond loopback. Checked without
sending anything, so a broken guard cannot leak a packet here either."""

import socket

import pytest

from tests import conftest


def test_every_way_out_of_a_socket_is_guarded():
    assert socket.socket.connect is conftest._connect
    assert socket.socket.connect_ex is conftest._connect_ex
    assert socket.socket.sendto is conftest._sendto


@pytest.mark.parametrize(
    "address", [("192.0.2.53", 53), ("2001:db8::53", 53, 0, 0), ("8.8.8.8", 53)]
)
def test_addresses_beyond_loopback_are_refused(address):
    with pytest.raises(RuntimeError, match="tests may only use loopback"):
        conftest._refuse_beyond_loopback(address)


@pytest.mark.parametrize("address", [("127.0.0.1", 53), ("::1", 53, 0, 0), "/run/some.sock"])
def test_loopback_and_local_sockets_pass(address):
    conftest._refuse_beyond_loopback(address)
