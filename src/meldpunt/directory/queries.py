"""The directory as the hosting trace reads it: core records, no ORM objects."""

from meldpunt.core.hosting.facts import DomainRule as RuleFacts
from meldpunt.core.hosting.facts import ProviderRecord
from meldpunt.directory.models import DomainRule, HostingProvider


def provider_records() -> list[ProviderRecord]:
    """Every hosting provider, with its AS numbers, abuse mailbox and country."""
    return [
        ProviderRecord(p.name, p.asn_list(), p.email, p.country)
        for p in HostingProvider.objects.order_by("name")
    ]


def domain_rules() -> list[RuleFacts]:
    """Every domain rule."""
    return [
        RuleFacts(
            r.domain,
            r.force_hoster,
            r.force_abuse_email,
            r.behind_cdn,
            r.notify_site_owner,
            r.site_owner_email,
            r.country,
        )
        for r in DomainRule.objects.order_by("domain")
    ]
