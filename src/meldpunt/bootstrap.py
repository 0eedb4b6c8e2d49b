"""The composition root: the one place that reads settings and builds the backends."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings

from meldpunt import shutdown
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.fetching.addresses import AddressPolicy
from meldpunt.core.fetching.dns import DnsResolver, parse_nameservers
from meldpunt.core.fetching.fetcher import SafeFetcher
from meldpunt.core.fetching.resolvers import (
    ChainedResolver,
    FixedResolver,
    Resolver,
    parse_host_table,
)
from meldpunt.core.hosting.sources import (
    CachedAbuseContacts,
    IptoccCountries,
    PlevinNetworks,
    RdapAbuseContacts,
    plevin_available,
)
from meldpunt.core.hosting.trace import HostingSources
from meldpunt.core.law import Law, law_in_force, shipped_law, shipped_rule_files
from meldpunt.core.ports import Clock, JobQueue, SystemClock
from meldpunt.core.vault.store import ContentStore
from meldpunt.keystore import KeyStore
from meldpunt.lists.index import KnownContentIndex

T = TypeVar("T")
ADMIN_RECORDS_SECONDS = 30.0  # how stale the directory's providers and domain rules may be


class Parts:
    """Every backend a process uses, each built from settings when first asked for, then kept:
    the pipeline's hot paths never rebuild one per capture. Parts given to the constructor
    (fakes, in tests) are used as they are."""

    def __init__(self, **given: Any) -> None:
        self._given = dict(given)
        self._made: dict[str, Any] = dict(given)
        self._lock = threading.RLock()

    def but(self, **given: Any) -> Parts:
        """New parts, with the parts given to these and to this call; the rest built afresh."""
        return Parts(**{**self._given, **given})

    def _once(self, name: str, build: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._made:
                self._made[name] = build()
            made: T = self._made[name]
            return made

    @property
    def keys(self) -> KeyStore:
        """The key files in the data directory."""
        return self._once("keys", lambda: KeyStore(settings.DATA_DIR))

    @property
    def content_store(self) -> ContentStore:
        """The encrypted content store in the data directory."""
        return self._once(
            "content_store",
            lambda: ContentStore(settings.MELDPUNT_CONTENT_DIR, self.keys.content_keyring()),
        )

    @property
    def resolver(self) -> Resolver:
        """MELDPUNT_FETCH_HOSTS first (tests, demo), then DNS unless MELDPUNT_FETCH_DNS is off."""
        return self._once("resolver", _resolver)

    @property
    def fetcher(self) -> SafeFetcher:
        """The safe fetcher with the configured address policy, user agent and proxy."""
        return self._once("fetcher", lambda: _fetcher(self.resolver))

    @property
    def hosting(self) -> CachedHostingSources:
        """Sources for a trace, with the directory's records kept for 30 s."""
        return self._once("hosting", lambda: CachedHostingSources(self.resolver))

    @property
    def known(self) -> KnownContentIndex:
        """The index of every hash list, rebuilt when the lists change."""
        return self._once("known", KnownContentIndex)

    @property
    def jobs(self) -> JobQueue:
        """The job queue settings chose (see meldpunt.jobs)."""
        from meldpunt.jobs import HueyJobs

        return self._once("jobs", HueyJobs)

    @property
    def clock(self) -> Clock:
        """The time."""
        return self._once("clock", SystemClock)

    @property
    def law(self) -> Law:
        """The law verdicts are made by: the shipped rule files with the hotline's approved
        ones laid over (the newest approval per jurisdiction), as of the latest approval."""
        given: Law | None = self._given.get("law")
        return given or self._once("law_in_force", LawInForce)()

    @property
    def proposed_law_dir(self) -> Path:
        """Where the hotline puts rule files for a manager to review (MELDPUNT_PROPOSED_LAW_DIR)."""
        return Path(self._made.get("proposed_law_dir") or settings.MELDPUNT_PROPOSED_LAW_DIR)

    def contact_public_key(self) -> bytes:
        """Seals reporter contact data at intake."""
        return self._once("contact_public_key", self.keys.contact_public_key)

    def contact_private_key(self) -> bytes:
        """Opens reporter contact data; only for the privacy officer's action."""
        key: bytes = self._made.get("contact_private_key") or self.keys.contact_private_key()
        return key

    def audit_signing_key(self) -> bytes:
        """Signs the audit trail's checkpoints (read each time: a damaged file must show)."""
        key: bytes = self._made.get("audit_signing_key") or self.keys.audit_signing_key()
        return key

    def outgoing_secret(self) -> bytes:
        """Locks the API keys of partner hotlines that the directory holds."""
        secret: bytes = self._made.get("outgoing_secret") or self.keys.outgoing_keys_secret()
        return secret

    @property
    def hotline_country(self) -> str:
        """The hotline's own country (MELDPUNT_HOTLINE_COUNTRY)."""
        return str(self._made.get("hotline_country") or settings.MELDPUNT_HOTLINE_COUNTRY)

    @property
    def near_copy_threshold(self) -> int:
        """The PDQ distance at which near copies join a group."""
        given = self._made.get("near_copy_threshold")
        return int(settings.MELDPUNT_NEAR_COPY_THRESHOLD if given is None else given)

    @property
    def hotline(self) -> Hotline:
        """The hotline's country and near-copy threshold, as cases use them."""
        return Hotline(self.hotline_country, self.near_copy_threshold)


@dataclass
class CachedHostingSources:
    """The static lookups (registries, RDAP) built once; the directory's providers and domain
    rules read again once they are ADMIN_RECORDS_SECONDS old."""

    resolver: Resolver
    seconds: float = ADMIN_RECORDS_SECONDS
    _kept: list[tuple[float, HostingSources]] = field(default_factory=list)
    _static: list[Any] = field(default_factory=list)

    def __call__(self) -> HostingSources:
        """The sources for a trace now."""
        now = time.monotonic()
        if not self._kept or now - self._kept[0][0] > self.seconds:
            self._kept[:] = [(now, self._read())]
        return self._kept[0][1]

    def forget(self) -> None:
        """Read the directory's records again on the next trace."""
        self._kept.clear()

    def _read(self) -> HostingSources:
        from meldpunt.directory.queries import domain_rules, provider_records

        if not self._static:
            networks = PlevinNetworks() if plevin_available() else None
            rdap = CachedAbuseContacts(RdapAbuseContacts()) if settings.MELDPUNT_RDAP else None
            self._static[:] = [IptoccCountries(), networks, rdap]
        countries, networks, rdap = self._static
        return HostingSources(
            self.resolver, countries, networks, rdap, provider_records(), domain_rules()
        )


@dataclass
class LawInForce:
    """The law in force, built again only when there is a newer approval: one small query per
    use (an assessment asks once), so every process sees an approval at its next verdict."""

    _kept: list[tuple[int, Law]] = field(default_factory=list)

    def __call__(self) -> Law:
        """The law as of the latest approval."""
        from meldpunt.lawbook.services import approved_in_force, newest_approval_id

        newest = newest_approval_id()
        if not self._kept or self._kept[0][0] != newest:
            approved = approved_in_force() if newest else []
            law = law_in_force(approved, shipped_rule_files()) if approved else shipped_law()
            self._kept[:] = [(newest, law)]
        return self._kept[0][1]


def _resolver() -> Resolver:
    table = FixedResolver(parse_host_table(settings.MELDPUNT_FETCH_HOSTS))
    if not settings.MELDPUNT_FETCH_DNS:
        return table
    servers, port = parse_nameservers(settings.MELDPUNT_DNS_SERVERS)
    return ChainedResolver(table, DnsResolver(servers, port))


def _fetcher(resolver: Resolver) -> SafeFetcher:
    policy = AddressPolicy(allow_loopback=settings.MELDPUNT_FETCH_ALLOW_LOOPBACK)
    return SafeFetcher(
        resolver,
        policy,
        user_agent=settings.MELDPUNT_FETCH_USER_AGENT,
        proxy=settings.MELDPUNT_FETCH_PROXY,
        stopping=shutdown.requested,
    )


_current: list[Parts] = []
_current_lock = threading.Lock()


def parts() -> Parts:
    """This process's parts (built from settings on first use); entry points pass them down."""
    with _current_lock:
        if not _current:
            _current.append(Parts())
        return _current[-1]


@contextmanager
def use(chosen: Parts) -> Iterator[Parts]:
    """Wire these parts in, in place of the current ones, until the block ends (tests wire
    fakes this way, as production wires the real ones)."""
    with _current_lock:
        _current.append(chosen)
    try:
        yield chosen
    finally:
        with _current_lock:
            _current.remove(chosen)
