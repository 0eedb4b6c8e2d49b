"""Capture tests start from fresh wiring: no cached lists, hosting records or fetcher."""

import pytest

from meldpunt.capture import wiring


@pytest.fixture(autouse=True)
def _fresh_wiring():
    parts = (wiring.fetcher, wiring.resolver, wiring.hosting_sources, wiring._lists_version)
    for part in parts:
        part.cache_clear()
    yield
    for part in parts:
        part.cache_clear()
