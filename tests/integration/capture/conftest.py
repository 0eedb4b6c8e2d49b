"""Capture tests start from fresh wiring: no cached lists, hosting records or fetcher."""

import pytest
from django.test import override_settings

from meldpunt.audit.services import Actor
from meldpunt.capture import wiring
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.services import create_list, import_entries
from tests.support.capture_photos import LISTED
from tests.support.webserver import local_site


@pytest.fixture(autouse=True)
def _fresh_wiring():
    parts = (wiring.fetcher, wiring.resolver, wiring.hosting_sources, wiring._lists_version)
    for part in parts:
        part.cache_clear()
    wiring._known.clear()  # a rolled-back test's revision numbers come round again
    yield
    for part in parts:
        part.cache_clear()
    wiring._known.clear()


@pytest.fixture
def local_site_reachable():
    """A local site (add its routes) that the fetcher may reach during the test."""
    with local_site() as running, override_settings(MELDPUNT_FETCH_ALLOW_LOOPBACK=True):
        for part in (wiring.fetcher, wiring.resolver):
            part.cache_clear()
        yield running
    for part in (wiring.fetcher, wiring.resolver):
        part.cache_clear()


@pytest.fixture
def police_list():
    """A positive list (A1) holding the PDQ of LISTED, so that COPY matches it."""
    hash_list = create_list(
        "police", ListKind.POSITIVE, Actor.system(), classification=Classification.A1
    )
    line = f"pdq {pdq_exact(LISTED).original.hex}\n".encode()
    import_entries(hash_list, FORMATS["threatexchange"], line, Actor.system())
    return hash_list


@pytest.fixture
def sent(monkeypatch):
    """The groups of capture ids handed to the job engine, instead of running them."""
    groups: list[list[int]] = []
    monkeypatch.setattr("meldpunt.capture.tasks.capture_items", groups.append)
    return groups
