"""Tracing one host: resolve it, describe each address, apply the hotline's own rules.

Precedence for whom to notify: a domain rule's forced hoster and mailbox, then a known
provider record (by ASN), then RDAP's abuse contacts, then the offline network's mailbox.
The country is a domain rule's, when it names one, else the first address's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from meldpunt.core.fetching.addresses import IPAddress, ip_literal
from meldpunt.core.fetching.resolvers import NameNotResolved, Resolver
from meldpunt.core.hosting.facts import AddressFacts, DomainRule, HostingTrace, ProviderRecord
from meldpunt.core.hosting.sources import (
    AbuseContactSource,
    ContactLookupFailed,
    CountrySource,
    NetworkSource,
)
from meldpunt.core.urls import registrable_domain

DOMAIN_RULE = "domain rule"  # the source name of facts the hotline's own rules set


@dataclass(frozen=True)
class HostingSources:
    """Everything a trace may ask; any source but the resolver may be absent."""

    resolver: Resolver
    countries: CountrySource | None = None
    networks: NetworkSource | None = None
    abuse_contacts: AbuseContactSource | None = None
    providers: Sequence[ProviderRecord] = ()
    rules: Sequence[DomainRule] = ()


def trace_host(host: str, sources: HostingSources) -> HostingTrace:
    """Every fact about where `host` is served from, with the source of each."""
    literal = ip_literal(host)
    domain = "" if literal else registrable_domain(host)
    rule = rule_for(host, sources.rules)
    problems: list[str] = []
    try:
        addresses = [literal] if literal else sources.resolver.resolve(host)
    except NameNotResolved:
        addresses, problems = [], ["the host name does not resolve"]
    described = tuple(describe(address, sources) for address in addresses)
    problems += [p for facts in described for p in facts.problems if p not in problems]
    provider, emails, used = _whom_to_notify(described, rule, sources.providers)
    owner = (
        (rule.site_owner_email,)
        if rule and rule.notify_site_owner and rule.site_owner_email
        else ()
    )
    names = {name for facts in described for name in facts.sources.values()} | used
    country, country_source = _country(described, rule)
    return HostingTrace(
        host,
        domain,
        described,
        provider,
        emails,
        country,
        bool(rule and rule.behind_cdn),
        owner,
        tuple(sorted(names | ({country_source} if country_source else set()))),
        tuple(problems),
        country_source,
    )


def _country(described: tuple[AddressFacts, ...], rule: DomainRule | None) -> tuple[str, str]:
    """The country and the source that gave it: a rule's knowledge outranks geolocation."""
    if rule and rule.country:
        return rule.country, DOMAIN_RULE
    first = described[0] if described else None
    if first and first.country:
        return first.country, first.sources.get("country", "")
    return "", ""


def describe(address: IPAddress, sources: HostingSources) -> AddressFacts:
    """Country, network and abuse contacts of one address."""
    found: dict[str, str] = {}
    country = sources.countries.country(address) if sources.countries else ""
    if country and sources.countries:
        found["country"] = sources.countries.name
    network = sources.networks.network(address) if sources.networks else None
    if network and sources.networks:
        found["network"] = sources.networks.name
    registry, problems = _registry_contacts(address, sources)
    if registry and sources.abuse_contacts:
        found["abuse_emails"] = sources.abuse_contacts.name
    emails = registry or ((network.abuse_email,) if network and network.abuse_email else ())
    if emails and not registry and sources.networks:
        found["abuse_emails"] = sources.networks.name
    return AddressFacts(
        str(address),
        country,
        network.asn if network else None,
        network.network if network else "",
        tuple(emails),
        found,
        problems,
    )


def _registry_contacts(
    address: IPAddress, sources: HostingSources
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if sources.abuse_contacts is None:
        return (), ()
    try:
        return sources.abuse_contacts.abuse_emails(address), ()
    except ContactLookupFailed as failed:
        return (), (str(failed),)


def rule_for(host: str, rules: Sequence[DomainRule]) -> DomainRule | None:
    """The most specific rule whose domain is the host or a parent of it."""
    matching = [r for r in rules if host == r.domain or host.endswith("." + r.domain)]
    return max(matching, key=lambda r: len(r.domain), default=None)


def _whom_to_notify(
    described: tuple[AddressFacts, ...],
    rule: DomainRule | None,
    providers: Sequence[ProviderRecord],
) -> tuple[str, tuple[str, ...], set[str]]:
    first = described[0] if described else None
    record = next((p for p in providers if first and first.asn in p.asns), None)
    provider = (
        (rule.force_hoster if rule and rule.force_hoster else "")
        or (record.name if record else "")
        or (first.network if first else "")
    )
    emails: list[str] = []
    used: set[str] = set()
    if rule and rule.force_abuse_email:
        emails.append(rule.force_abuse_email)
        used.add(DOMAIN_RULE)
    elif record and record.abuse_email:
        emails.append(record.abuse_email)
        used.add("provider record")
    else:
        for facts in described:
            emails += [e for e in facts.abuse_emails if e not in emails]
    if rule and rule.force_hoster:
        used.add(DOMAIN_RULE)
    return provider, tuple(emails), used
