"""Inside a loopback-only network namespace: fetch refused places, print every outcome as JSON.

test_loopback_namespace.py starts this through `unshare -n`. It checks first that lo is the only
interface, so a namespace that failed to isolate it can never send a packet elsewhere. Names
resolve through a real DNS server on 127.0.0.1, redirects come from a real HTTP server on
127.0.0.1; a second fetcher with a policy that refuses nothing shows what the network alone
would have said: a connection error.
"""

from __future__ import annotations

import json
import socket
import sys

from meldpunt.core.fetching.addresses import AddressPolicy, IPAddress
from meldpunt.core.fetching.dns import DnsResolver
from meldpunt.core.fetching.fetcher import FetchLimits, FetchRefused, SafeFetcher
from tests.support.dns_server import local_dns
from tests.support.webserver import Route, local_site

ZONE = {
    "oracle.meldpunt-test.nl.": {"A": ["192.0.0.192"]},
    "ietf.meldpunt-test.nl.": {"A": ["192.0.0.100"]},
    "sitelocal.meldpunt-test.nl.": {"AAAA": ["fec0::1"]},
}
TARGETS = (
    "http://192.0.0.192/opc/v2/instance/",
    "http://192.0.0.100/",
    "http://[fec0::1]/",
    "http://oracle.meldpunt-test.nl/",
    "http://ietf.meldpunt-test.nl/",
    "http://sitelocal.meldpunt-test.nl/",
)
REDIRECT_CODES = (301, 302, 303, 307, 308)


class RefuseNothing(AddressPolicy):
    """The control: with no policy in the way, only the network can stop a fetch."""

    def refusal(self, address: IPAddress) -> None:
        return None


def outcome(fetcher: SafeFetcher, url: str) -> dict[str, str]:
    try:
        fetcher.fetch(url)
    except FetchRefused as refused:
        return {"problem": refused.problem.name, "detail": refused.detail}
    return {"problem": "", "detail": "fetched"}


def probe() -> dict[str, object]:
    with local_dns(ZONE) as dns, local_site() as site:
        names = DnsResolver(["127.0.0.1"], port=dns.port, timeout=2.0)
        limits = FetchLimits(connect_seconds=2.0, total_seconds=5.0)
        guarded = SafeFetcher(names, AddressPolicy(allow_loopback=True), limits)
        unguarded = SafeFetcher(names, RefuseNothing(), limits)
        redirects = []
        for code in REDIRECT_CODES:
            for number, target in enumerate(TARGETS):
                path = f"/{code}/{number}"
                site.routes[path] = Route(status=code, headers={"Location": target})
                redirects.append(site.url(path))
        return {
            "policy": {url: outcome(guarded, url) for url in (*TARGETS, *redirects)},
            "control": {url: outcome(unguarded, url) for url in TARGETS},
            "hits": sorted(site.hits),
            "redirects": sorted(url.removeprefix(site.url("")) for url in redirects),
        }


def main() -> int:
    interfaces = [name for _, name in socket.if_nameindex()]
    if interfaces != ["lo"]:
        print(f"not a loopback-only namespace: {interfaces}", file=sys.stderr)
        return 2
    print(json.dumps(probe()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
