"""Capture tests start from fresh parts: no cached lists, hosting records or fetcher."""

import pytest

from meldpunt.audit.services import Actor
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.services import create_list, import_entries
from tests.support.capture_photos import LISTED
from tests.support.parts import loopback_allowed, wired
from tests.support.webserver import local_site


@pytest.fixture(autouse=True)
def _fresh_parts():
    """Parts of the test's own, built from its settings (a rolled-back test's list revisions
    come round again, so no index may outlive it)."""
    with wired() as parts:
        yield parts


@pytest.fixture
def local_site_reachable():
    """A local site (add its routes) that the fetcher may reach during the test."""
    with local_site() as running, loopback_allowed():
        yield running


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
def sent(jobs):
    """The groups of capture ids handed to the job queue, instead of running them."""
    return jobs.captures
