"""Capture tests start from fresh wiring: no cached lists, hosting records or fetcher."""

import pytest

from meldpunt.audit.services import Actor
from meldpunt.capture import wiring
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.services import create_list, import_entries
from tests.support.capture_photos import LISTED


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
