"""Hosting traces read the directory's providers and domain rules, within 30 seconds."""

import pytest

from meldpunt.audit.services import Actor
from meldpunt.bootstrap import parts
from meldpunt.core.hosting.sources import CidrRow, CidrTable
from meldpunt.core.hosting.trace import HostingSources, trace_host
from meldpunt.directory.models import Kind
from meldpunt.directory.services import (
    OrganisationDraft,
    RuleChange,
    add_organisation,
    set_domain_rule,
)
from tests.support.parts import wired

pytestmark = pytest.mark.django_db

TABLE = CidrTable([CidrRow("127.0.0.0/8", "NL", 64500, "Loopback Net", "noc@loop.example")])


@pytest.fixture
def fresh_sources():
    with wired():
        yield


def _traced(host, found):
    # the directory's records, with an offline table in place of the bundled registries
    sources = HostingSources(found.resolver, TABLE, TABLE, None, found.providers, found.rules)
    return trace_host(host, sources)


@pytest.mark.usefixtures("fresh_sources")
def test_a_trace_uses_the_directorys_provider_and_the_rules_country(settings):
    settings.MELDPUNT_FETCH_HOSTS = "files.example.nl=127.0.0.1"
    draft = OrganisationDraft(
        Kind.PROVIDER, "Loop Hosting", "NL", email="abuse@loop.example", asns=("64500",)
    )
    add_organisation(draft, Actor.system(), b"s" * 32)
    set_domain_rule("example.nl", RuleChange(country="BE"), Actor.system())
    found = parts().hosting()
    trace = _traced("files.example.nl", found)
    assert (trace.provider, trace.abuse_emails) == ("Loop Hosting", ("abuse@loop.example",))
    assert (trace.country, trace.country_source) == ("BE", "domain rule")
    set_domain_rule("example.nl", RuleChange(country=""), Actor.system())
    assert parts().hosting() is found  # kept for 30 s
    parts().hosting.forget()
    again = _traced("files.example.nl", parts().hosting())
    assert (again.country, again.country_source) == ("NL", "cidr-table")
