"""Shared fixtures: every test starts from an empty cache; network goes to loopback only."""

import socket

import pytest

_real = {name: getattr(socket.socket, name) for name in ("connect", "connect_ex", "sendto")}


def pytest_report_header(config):
    """Say which database this run uses, so a SQLite run is never taken for a PostgreSQL one."""
    import os

    return f"meldpunt database: {os.environ.get('DATABASE_URL') or 'SQLite (embedded default)'}"


def _refuse_beyond_loopback(address) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and "/" not in host:
        raise RuntimeError(f"test tried to reach {host!r}; tests may only use loopback")


def _connect(self, address):
    _refuse_beyond_loopback(address)
    return _real["connect"](self, address)


def _connect_ex(self, address):
    _refuse_beyond_loopback(address)
    return _real["connect_ex"](self, address)


def _sendto(self, data, *rest):
    _refuse_beyond_loopback(rest[-1])  # sendto(data, address) or sendto(data, flags, address)
    return _real["sendto"](self, data, *rest)


@pytest.fixture(autouse=True, scope="session")
def _block_network():
    """TCP connections and UDP datagrams (DNS) in this process go to loopback only. Processes
    the tests start are kept off the network by their settings (no DNS, loopback targets)."""
    socket.socket.connect, socket.socket.connect_ex = _connect, _connect_ex
    socket.socket.sendto = _sendto
    yield
    for name, original in _real.items():
        setattr(socket.socket, name, original)


@pytest.fixture(autouse=True)
def _fresh_cache(request):
    if "django_db_setup" not in request.fixturenames and "db" not in request.fixturenames:
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    """A signed-in staff client factory: staff('analyst') -> (client, user)."""
    from django.test import Client

    from tests import factories

    def make(role: str = "analyst", with_mfa: bool = True):
        user = factories.staff_user(role=role, with_mfa=with_mfa)
        client = Client(HTTP_ACCEPT_LANGUAGE="en")  # the pages' default language is Dutch
        client.force_login(user)
        return client, user

    return make


@pytest.fixture
def partner(db):
    """A partner and its secret key."""
    from tests import factories

    return factories.partner()


@pytest.fixture
def jobs():
    """A fake job queue wired in through the composition root: it records the jobs sent,
    instead of running them."""
    from tests.support.parts import FakeJobs, wired

    fake = FakeJobs()
    with wired(jobs=fake):
        yield fake
