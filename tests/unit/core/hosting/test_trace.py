"""Hosting traces from offline sources: CIDR tables, fixed DNS, domain rules, provider records."""

import ipaddress
import json

import pytest

from meldpunt.core.fetching.resolvers import FixedResolver
from meldpunt.core.hosting.facts import DomainRule, ProviderRecord
from meldpunt.core.hosting.sources import (
    CachedAbuseContacts,
    CidrRow,
    CidrTable,
    IptoccCountries,
    abuse_emails_in_rdap,
)
from meldpunt.core.hosting.trace import HostingSources, trace_host

TABLE = CidrTable(
    [
        CidrRow("198.51.0.0/16", "NL", 64500, "Example Hosting BV", "abuse@hosting.example.nl"),
        CidrRow("198.51.100.0/24", "DE", 64501, "Sub Allocation GmbH", "abuse@sub.example.de"),
        CidrRow("2001:db8:100::/48", "BE", 64502, "Voorbeeld NV", "abuse@voorbeeld.example.be"),
        CidrRow("192.0.2.0/24", "US", 64503, "Big CDN Inc", "abuse@cdn.example.com"),
    ]
)
DNS = FixedResolver(
    {
        "files.example.nl": ["198.51.7.7", "2001:db8:100::7"],
        "sub.example.de": "198.51.100.9",
        "www.cdn-fronted.example.com": "192.0.2.10",
        "blog.sites.example.org": "198.51.7.8",
    }
)


class FakeRdap:
    name = "rdap"

    def __init__(self):
        self.calls = 0

    def abuse_emails(self, address):
        self.calls += 1
        return ("abuse@rir-listed.example.net",) if str(address).startswith("198.51.7.") else ()


def sources(**extra):
    return HostingSources(DNS, countries=TABLE, networks=TABLE, **extra)


def test_ipv4_and_ipv6_addresses_are_described_with_sources():
    trace = trace_host("files.example.nl", sources())
    assert [a.address for a in trace.addresses] == ["198.51.7.7", "2001:db8:100::7"]
    v4, v6 = trace.addresses
    assert (v4.country, v4.asn, v4.network) == ("NL", 64500, "Example Hosting BV")
    assert (v6.country, v6.asn) == ("BE", 64502)
    assert v4.sources == {
        "country": "cidr-table",
        "network": "cidr-table",
        "abuse_emails": "cidr-table",
    }
    assert trace.provider == "Example Hosting BV" and trace.country == "NL"
    assert trace.abuse_emails == ("abuse@hosting.example.nl", "abuse@voorbeeld.example.be")
    assert trace.registrable_domain == "example.nl"


def test_the_most_specific_block_wins():
    trace = trace_host("sub.example.de", sources())
    assert trace.addresses[0].network == "Sub Allocation GmbH" and trace.country == "DE"


def test_rdap_contacts_come_first_and_are_cached():
    rdap = FakeRdap()
    cached = CachedAbuseContacts(rdap)
    first = trace_host("files.example.nl", sources(abuse_contacts=cached))
    trace_host("files.example.nl", sources(abuse_contacts=cached))
    assert first.addresses[0].abuse_emails == ("abuse@rir-listed.example.net",)
    assert first.addresses[0].sources["abuse_emails"] == "rdap"
    assert rdap.calls == 2  # one per distinct address, the second trace came from the cache


def test_cache_entries_expire():
    rdap, now = FakeRdap(), [0.0]
    cached = CachedAbuseContacts(rdap, ttl_seconds=10, clock=lambda: now[0])
    address = ipaddress.ip_address("198.51.7.7")
    cached.abuse_emails(address)
    now[0] = 11
    cached.abuse_emails(address)
    assert rdap.calls == 2


def test_domain_rules_and_provider_records():
    rules = [
        DomainRule("cdn-fronted.example.com", behind_cdn=True),
        DomainRule(
            "sites.example.org",
            force_hoster="Site Farm",
            force_abuse_email="report@farm.example",
            notify_site_owner=True,
            site_owner_email="owner@blog.example.org",
        ),
    ]
    providers = [
        ProviderRecord("Example Hosting (contract)", (64500,), "noc@hosting.example.nl", "NL")
    ]
    cdn = trace_host("www.cdn-fronted.example.com", sources(rules=rules, providers=providers))
    assert cdn.needs_origin and cdn.provider == "Big CDN Inc"
    blog = trace_host("blog.sites.example.org", sources(rules=rules, providers=providers))
    assert (blog.provider, blog.abuse_emails) == ("Site Farm", ("report@farm.example",))
    assert blog.notify_site_owner == ("owner@blog.example.org",) and "domain rule" in blog.sources
    direct = trace_host("files.example.nl", sources(providers=providers))
    assert (direct.provider, direct.abuse_emails) == (
        "Example Hosting (contract)",
        ("noc@hosting.example.nl",),
    )


def test_a_domain_rules_country_outranks_geolocation_and_is_named_as_its_source():
    rules = [DomainRule("example.nl", country="BE"), DomainRule("sub.example.de")]
    ruled = trace_host("files.example.nl", sources(rules=rules))
    assert (ruled.country, ruled.country_source) == ("BE", "domain rule")
    assert "domain rule" in ruled.sources
    assert ruled.addresses[0].country == "NL"  # the address's own facts stay as found
    unruled = trace_host("sub.example.de", sources(rules=rules))
    assert (unruled.country, unruled.country_source) == ("DE", "cidr-table")
    assert "domain rule" not in unruled.sources


def test_a_rule_country_holds_even_when_the_name_does_not_resolve():
    trace = trace_host("gone.example.nl", sources(rules=[DomainRule("example.nl", country="NL")]))
    assert (trace.country, trace.country_source) == ("NL", "domain rule")
    assert trace_host("gone.example.com", sources()).country_source == ""


def test_unresolvable_names_and_ip_literals():
    missing = trace_host("gone.example.com", sources())
    assert missing.addresses == () and missing.problems == ("the host name does not resolve",)
    literal = trace_host("198.51.100.20", sources())
    assert literal.addresses[0].country == "DE" and literal.registrable_domain == ""


def test_iptocc_answers_offline():
    assert IptoccCountries().country(ipaddress.ip_address("8.8.8.8")) == "US"


def test_rdap_abuse_contacts_are_read_from_nested_entities():
    answer = {
        "entities": [
            {
                "roles": ["registrant"],
                "vcardArray": ["vcard", [["email", {}, "text", "owner@example.net"]]],
            },
            {
                "roles": ["technical"],
                "entities": [
                    {
                        "roles": ["abuse"],
                        "vcardArray": [
                            "vcard",
                            [
                                ["fn", {}, "text", "Abuse"],
                                ["email", {}, "text", "Abuse@Example.NET"],
                            ],
                        ],
                    },
                ],
            },
        ]
    }
    assert abuse_emails_in_rdap(json.loads(json.dumps(answer))) == ["abuse@example.net"]


@pytest.mark.parametrize(
    "broken", [None, [], {"roles": ["abuse"], "vcardArray": "x"}, {"roles": "abuse"}]
)
def test_odd_rdap_answers_give_nothing(broken):
    assert abuse_emails_in_rdap(broken) == []
