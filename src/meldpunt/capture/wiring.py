"""The capture pipeline's parts, built once per process from settings: the one place they meet."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import cache, wraps
from typing import TypeVar

from django.conf import settings

from meldpunt import shutdown
from meldpunt.core.fetching.addresses import AddressPolicy
from meldpunt.core.fetching.dns import DnsResolver, parse_nameservers
from meldpunt.core.fetching.fetcher import SafeFetcher
from meldpunt.core.fetching.resolvers import (
    ChainedResolver,
    FixedResolver,
    Resolver,
    parse_host_table,
)
from meldpunt.core.hashlists.known import KnownContent
from meldpunt.core.hosting.sources import (
    CachedAbuseContacts,
    IptoccCountries,
    PlevinNetworks,
    RdapAbuseContacts,
    plevin_available,
)
from meldpunt.core.hosting.trace import HostingSources
from meldpunt.core.vault.store import ContentStore

T = TypeVar("T")
log = logging.getLogger(__name__)


def ttl_cache(seconds: float) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Cache a no-argument function's answer for `seconds`; `.cache_clear()` forgets it."""

    def decorate(function: Callable[[], T]) -> Callable[[], T]:
        kept: list[tuple[float, T]] = []

        @wraps(function)
        def cached() -> T:
            now = time.monotonic()
            if not kept or now - kept[0][0] > seconds:
                kept[:] = [(now, function())]
            return kept[0][1]

        cached.cache_clear = kept.clear  # type: ignore[attr-defined]
        return cached

    return decorate


@cache
def content_store() -> ContentStore:
    """The encrypted content store in the data directory."""
    return ContentStore(settings.MELDPUNT_CONTENT_DIR, settings.KEYS.content_keyring())


@cache
def resolver() -> Resolver:
    """MELDPUNT_FETCH_HOSTS first (tests, demo), then DNS unless MELDPUNT_FETCH_DNS is off."""
    table = FixedResolver(parse_host_table(settings.MELDPUNT_FETCH_HOSTS))
    if not settings.MELDPUNT_FETCH_DNS:
        return table
    servers, port = parse_nameservers(settings.MELDPUNT_DNS_SERVERS)
    return ChainedResolver(table, DnsResolver(servers, port))


@cache
def fetcher() -> SafeFetcher:
    """The safe fetcher with the configured address policy, user agent and proxy."""
    policy = AddressPolicy(allow_loopback=settings.MELDPUNT_FETCH_ALLOW_LOOPBACK)
    return SafeFetcher(
        resolver(),
        policy,
        user_agent=settings.MELDPUNT_FETCH_USER_AGENT,
        proxy=settings.MELDPUNT_FETCH_PROXY,
        stopping=shutdown.requested,
    )


@cache
def _static_sources() -> tuple[IptoccCountries, PlevinNetworks | None, CachedAbuseContacts | None]:
    networks = PlevinNetworks() if plevin_available() else None
    rdap = CachedAbuseContacts(RdapAbuseContacts()) if settings.MELDPUNT_RDAP else None
    return IptoccCountries(), networks, rdap


ADMIN_RECORDS_SECONDS = 30.0  # how stale the directory's providers and domain rules may be
LISTS_CHECK_SECONDS = 2.0  # how often workers look for changed hash lists


@ttl_cache(ADMIN_RECORDS_SECONDS)
def hosting_sources() -> HostingSources:
    """Sources for a trace, with the directory's providers and domain rules (30 s cache)."""
    from meldpunt.directory.queries import domain_rules, provider_records

    countries, networks, rdap = _static_sources()
    return HostingSources(resolver(), countries, networks, rdap, provider_records(), domain_rules())


_known_lock = threading.Lock()
_known: list[tuple[int, KnownContent]] = []  # (lists revision, index): at most one


def known_content(
    progress: Callable[[int], object] | None = None, at_least: int = 0
) -> KnownContent:
    """All hash lists, indexed; rebuilt when a list or its entries change (checked every 2 s,
    or at once when the index is older than revision `at_least`). `progress` hears how many
    entries a rebuild has indexed so far."""
    return known_content_at(progress, at_least)[1]


def known_content_at(
    progress: Callable[[int], object] | None = None, at_least: int = 0
) -> tuple[int, KnownContent]:
    """The index and the lists revision it was built from."""
    from meldpunt.lists.services import load_known_content

    if _lists_version() < at_least:
        _lists_version.cache_clear()  # type: ignore[attr-defined]
    version = _lists_version()
    with _known_lock:
        if not _known or _known[0][0] != version:
            started = time.monotonic()
            _known[:] = [(version, load_known_content(progress))]
            seconds = time.monotonic() - started
            log.info("hash lists indexed: %d entries in %.1f s", len(_known[0][1]), seconds)
        return _known[0]


@ttl_cache(LISTS_CHECK_SECONDS)
def _lists_version() -> int:
    """The lists' revision, at most 2 s old: one row read, where counting ten million
    entries every 2 s in every worker would keep the database busy."""
    return lists_revision()


def lists_revision() -> int:
    """The lists' revision now (lists.models.ListsRevision): it moves with every change, in
    commit order."""
    from meldpunt.lists.models import ListsRevision

    return ListsRevision.current()
