"""What a hosting trace finds, each fact with the source that gave it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class NetworkFacts:
    """Who routes an address: autonomous system, network name, abuse mailbox."""

    asn: int | None = None
    network: str = ""
    abuse_email: str = ""


@dataclass(frozen=True)
class AddressFacts:
    """One resolved address and what is known about it, with a source per fact."""

    address: str
    country: str = ""
    asn: int | None = None
    network: str = ""
    abuse_emails: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict, hash=False)
    problems: tuple[str, ...] = ()  # lookups that failed, e.g. an RDAP registry out of reach


@dataclass(frozen=True)
class DomainRule:
    """A hotline's own knowledge about a domain, kept in the admin."""

    domain: str
    force_hoster: str = ""
    force_abuse_email: str = ""
    behind_cdn: bool = False  # the addresses are a CDN's: the origin host must be found
    notify_site_owner: bool = False
    site_owner_email: str = ""
    country: str = ""  # ISO alpha-2: where the hotline knows the site is hosted, over geolocation


@dataclass(frozen=True)
class ProviderRecord:
    """A known hosting provider: matched by ASN, with the contact the hotline uses."""

    name: str
    asns: tuple[int, ...]
    abuse_email: str = ""
    country: str = ""


@dataclass(frozen=True)
class HostingTrace:
    """The outcome for one host: addresses, the provider to notify, and open questions."""

    host: str
    registrable_domain: str
    addresses: tuple[AddressFacts, ...]
    provider: str
    abuse_emails: tuple[str, ...]
    country: str
    needs_origin: bool
    notify_site_owner: tuple[str, ...]
    sources: tuple[str, ...]
    problems: tuple[str, ...] = ()
    country_source: str = ""  # which source gave `country` ("" when none did)
