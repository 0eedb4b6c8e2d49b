"""Where hosting facts come from. Each source is a small interface with real and offline forms.

- addresses: the fetcher's Resolver (system DNS, dnspython, or a fixed table);
- country: iptocc's bundled table, offline;
- network (ASN, name, abuse mailbox): plevin's offline file if installed, else none;
- abuse contact online: RDAP through whoisit, cached (off unless configured);
- offline fakes for tests: a fixed CIDR table answering country and network.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from meldpunt.core.fetching.addresses import IPAddress
from meldpunt.core.hosting.facts import NetworkFacts


class CountrySource(Protocol):
    """IP address to ISO country code ('' when unknown)."""

    name: str

    def country(self, address: IPAddress) -> str:
        """The country the address is registered in."""
        ...


class NetworkSource(Protocol):
    """IP address to the network that routes it."""

    name: str

    def network(self, address: IPAddress) -> NetworkFacts | None:
        """ASN, network name and abuse mailbox, or None if unknown."""
        ...


class AbuseContactSource(Protocol):
    """IP address to abuse mailboxes from a registry (RDAP)."""

    name: str

    def abuse_emails(self, address: IPAddress) -> tuple[str, ...]:
        """Abuse mailboxes for the network holding the address."""
        ...


class IptoccCountries:
    """Country by iptocc's bundled RIR tables: no network, no download."""

    name = "iptocc"

    def country(self, address: IPAddress) -> str:
        """ISO code or ''."""
        import iptocc

        return str(iptocc.country_code(str(address)) or "")


class PlevinNetworks:
    """ASN, operator and abuse mailbox from plevin's offline database (optional extra)."""

    name = "plevin"

    def network(self, address: IPAddress) -> NetworkFacts | None:
        """What plevin knows, or None."""
        import plevin

        found = plevin.lookup(str(address))
        if not found or found.network is None or found.network.asn is None:
            return None
        operator = found.network.operator
        label = (operator.brand or operator.company or "") if operator else ""
        return NetworkFacts(
            found.network.asn,
            label or found.network.handle or "",
            (operator.abuse_email or "") if operator else "",
        )


def plevin_available() -> bool:
    """Whether plevin and a database for it are installed."""
    try:
        import plevin

        return bool(plevin.lookup("1.1.1.1"))
    except (ImportError, OSError, ValueError, LookupError):
        return False


@dataclass(frozen=True)
class CidrRow:
    """One row of a fixed table: a block and what is known about it."""

    block: str
    country: str = ""
    asn: int | None = None
    network: str = ""
    abuse_email: str = ""


class CidrTable:
    """Country and network from a fixed list of blocks, most specific first: offline fakes."""

    def __init__(self, rows: Iterable[CidrRow], name: str = "cidr-table") -> None:
        self.name = name
        parsed = [(ipaddress.ip_network(r.block), r) for r in rows]
        self._rows = sorted(parsed, key=lambda pair: pair[0].prefixlen, reverse=True)

    def _row(self, address: IPAddress) -> CidrRow | None:
        return next(
            (
                row
                for block, row in self._rows
                if block.version == address.version and address in block
            ),
            None,
        )

    def country(self, address: IPAddress) -> str:
        """The row's country, or ''."""
        row = self._row(address)
        return row.country if row else ""

    def network(self, address: IPAddress) -> NetworkFacts | None:
        """The row's network, or None."""
        row = self._row(address)
        return NetworkFacts(row.asn, row.network, row.abuse_email) if row and row.asn else None


class ContactLookupFailed(Exception):
    """An online contact lookup could not be made (network, registry or bootstrap trouble)."""


class CachedAbuseContacts:
    """Wraps an abuse-contact source with a cache keyed by address.

    Answers are kept for `ttl_seconds`; a failed lookup is remembered for `retry_seconds` so a
    registry that is down is not asked again for every capture, and then tried afresh.
    """

    def __init__(
        self,
        source: AbuseContactSource,
        ttl_seconds: float = 7 * 86400,
        clock: Callable[[], float] = time.monotonic,
        retry_seconds: float = 600,
    ) -> None:
        self.name, self._source, self._clock = source.name, source, clock
        self._ttl, self._retry = ttl_seconds, retry_seconds
        self._cache: dict[str, tuple[float, tuple[str, ...]]] = {}
        self._failed: dict[str, tuple[float, str]] = {}

    def abuse_emails(self, address: IPAddress) -> tuple[str, ...]:
        """Cached answer when fresh, else ask the source; ContactLookupFailed if it failed."""
        key, now = str(address), self._clock()
        hit = self._cache.get(key)
        if hit and now - hit[0] < self._ttl:
            return hit[1]
        failed = self._failed.get(key)
        if failed and now - failed[0] < self._retry:
            raise ContactLookupFailed(failed[1])
        try:
            answer = self._source.abuse_emails(address)
        except ContactLookupFailed as error:
            self._failed[key] = (now, str(error))
            raise
        self._failed.pop(key, None)
        self._cache[key] = (now, answer)
        return answer


class RdapAbuseContacts:
    """Abuse mailboxes from the RIRs' RDAP services through whoisit (needs the internet).

    whoisit first loads IANA's bootstrap registry (which RIR serves which address block);
    `bootstrap` may give that data instead, as whoisit's saved JSON (tests point it at a
    local server, with `allow_http`).
    """

    name = "rdap"
    _lock = threading.Lock()

    def __init__(self, bootstrap: str | None = None, allow_http: bool = False) -> None:
        self._bootstrap, self._allow_http = bootstrap, allow_http

    def abuse_emails(self, address: IPAddress) -> tuple[str, ...]:
        """Every e-mail of an entity with the 'abuse' role; () if the registry has none."""
        import whoisit
        from whoisit.errors import ResourceDoesNotExist

        if not address.is_global:  # no registry serves private or documentation addresses
            return ()
        self._ensure_bootstrapped()
        try:
            answer = whoisit.ip(str(address), raw=True)
        except ResourceDoesNotExist:
            return ()
        except Exception as error:  # network trouble or a registry's bad answer
            raise ContactLookupFailed(
                f"RDAP lookup for {address} failed ({type(error).__name__})"
            ) from error
        return tuple(sorted(set(abuse_emails_in_rdap(answer))))

    def _ensure_bootstrapped(self) -> None:
        import whoisit

        with self._lock:
            if whoisit.is_bootstrapped():
                return
            try:
                if self._bootstrap is not None:
                    whoisit.load_bootstrap_data(self._bootstrap, allow_insecure=self._allow_http)
                else:
                    whoisit.bootstrap()
            except Exception as error:
                raise ContactLookupFailed(
                    f"RDAP bootstrap failed ({type(error).__name__}); abuse contacts unknown"
                ) from error


def abuse_emails_in_rdap(document: object) -> list[str]:
    """E-mail addresses of entities with the 'abuse' role, at any depth of an RDAP answer."""
    found: list[str] = []
    if isinstance(document, dict):
        if "abuse" in (document.get("roles") or []):
            found += _vcard_emails(document.get("vcardArray"))
        for value in document.values():
            found += abuse_emails_in_rdap(value)
    elif isinstance(document, list):
        for value in document:
            found += abuse_emails_in_rdap(value)
    return found


def _vcard_emails(vcard: object) -> list[str]:
    if not (isinstance(vcard, list) and len(vcard) == 2 and isinstance(vcard[1], list)):
        return []
    return [
        str(field[3]).lower()
        for field in vcard[1]
        if isinstance(field, list)
        and len(field) == 4
        and field[0] == "email"
        and isinstance(field[3], str)
    ]
