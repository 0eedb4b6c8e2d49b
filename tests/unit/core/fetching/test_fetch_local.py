"""The fetcher against a real server on 127.0.0.1: kinds by magic bytes, limits, timeouts."""

import pytest

from meldpunt.core.fetching.addresses import AddressPolicy
from meldpunt.core.fetching.fetcher import FetchLimits, FetchProblem, FetchRefused, SafeFetcher
from meldpunt.core.fetching.resolvers import FixedResolver
from meldpunt.core.media_types import MediaKind
from tests.support.imagesets import encode, sample
from tests.support.webserver import Route, gzip_bomb, local_site

PHOTO = encode(sample("coffee.png"), "JPEG", 85)


NAMES = {
    "images.example.com": "127.0.0.1",
    "oracle.example.com": "192.0.0.192",
    "ietf.example.com": "192.0.0.100",
    "sitelocal.example.com": "fec0::1",
}


def loopback_fetcher(**limits) -> SafeFetcher:
    names = FixedResolver(NAMES)
    return SafeFetcher(
        names, AddressPolicy(allow_loopback=True), FetchLimits(**limits), user_agent="Meldpunt-test"
    )


@pytest.fixture
def site():
    with local_site() as running:
        yield running


def test_an_image_is_known_by_its_bytes_not_its_name_or_header(site):
    site.routes["/holiday.txt"] = Route(PHOTO, headers={"Content-Type": "text/plain"})
    fetched = loopback_fetcher().fetch(site.url("/holiday.txt"))
    assert fetched.body == PHOTO and fetched.kind is MediaKind.IMAGE
    assert fetched.content_type == "text/plain" and fetched.address == "127.0.0.1"


def test_a_name_resolving_to_loopback_is_fetched_pinned_when_allowed(site):
    site.routes["/a.jpg"] = Route(PHOTO)
    fetched = loopback_fetcher().fetch(f"http://images.example.com:{site.port}/a.jpg")
    assert fetched.kind is MediaKind.IMAGE and fetched.address == "127.0.0.1"


def test_redirects_are_followed_and_recorded(site):
    site.routes["/r1"] = Route(status=302, headers={"Location": "/r2"})
    site.routes["/r2"] = Route(status=301, headers={"Location": site.url("/final.png")})
    site.routes["/final.png"] = Route(encode(sample("camera.png"), "PNG"))
    fetched = loopback_fetcher().fetch(site.url("/r1"))
    assert fetched.redirects == (site.url("/r2"), site.url("/final.png"))
    assert site.hits == ["/r1", "/r2", "/final.png"]


def test_html_has_its_own_smaller_limit(site):
    page = b"<!doctype html><html><body>" + b"x" * 5000 + b"</body></html>"
    site.routes["/page"] = Route(page)
    limits = {
        MediaKind.IMAGE: 10**6,
        MediaKind.VIDEO: 10**6,
        MediaKind.HTML: 2000,
        MediaKind.OTHER: 10**6,
    }
    with pytest.raises(FetchRefused) as refused:
        loopback_fetcher(max_bytes=limits).fetch(site.url("/page"))
    assert refused.value.problem is FetchProblem.TOO_LARGE
    assert b"x" not in str(refused.value).encode()


def test_a_declared_length_over_the_limit_is_refused_before_reading(site):
    site.routes["/huge"] = Route(b"", headers={"Content-Length": str(10**12)})
    with pytest.raises(FetchRefused, match="larger than the limit"):
        loopback_fetcher().fetch(site.url("/huge"))


def test_a_gzip_bomb_stops_at_the_limit(site):
    site.routes["/bomb"] = Route(gzip_bomb(50 * 2**20), headers={"Content-Encoding": "gzip"})
    limits = {kind: 2**20 for kind in MediaKind}
    with pytest.raises(FetchRefused) as refused:
        loopback_fetcher(max_bytes=limits).fetch(site.url("/bomb"))
    assert refused.value.problem is FetchProblem.TOO_LARGE


def test_a_slow_drip_runs_into_the_total_time_limit(site):
    site.routes["/slow"] = Route(b"y" * 200, drip_seconds=0.05)
    with pytest.raises(FetchRefused) as refused:
        loopback_fetcher(total_seconds=0.5, read_seconds=2).fetch(site.url("/slow"))
    assert refused.value.problem is FetchProblem.TIMEOUT and refused.value.retryable


def test_errors_say_what_happened_and_whether_to_retry(site):
    site.routes["/gone"] = Route(b"bye", 410)
    site.routes["/busy"] = Route(b"later", 503)
    with pytest.raises(FetchRefused) as gone:
        loopback_fetcher().fetch(site.url("/gone"))
    assert (gone.value.status, gone.value.retryable) == (410, False)
    with pytest.raises(FetchRefused) as busy:
        loopback_fetcher().fetch(site.url("/busy"))
    assert (busy.value.status, busy.value.retryable) == (503, True)


def test_a_closed_port_is_a_retryable_connection_failure():
    with local_site() as stopped:
        url = stopped.url("/x")
    with pytest.raises(FetchRefused) as refused:
        loopback_fetcher(connect_seconds=1).fetch(url)
    assert refused.value.problem is FetchProblem.CONNECTION_FAILED and refused.value.retryable


def test_the_user_agent_and_name_are_sent(site):
    site.routes["/ua"] = Route(b"ok")
    loopback_fetcher().fetch(f"http://images.example.com:{site.port}/ua")
    [headers] = site.headers_seen
    assert headers["User-Agent"] == "Meldpunt-test"
    assert headers["Host"] == f"images.example.com:{site.port}"
    assert headers["Accept-Encoding"] == "identity"


REFUSED_TARGETS = {
    "http://192.0.0.192/opc/v2/instance/": "cloud metadata address 192.0.0.192",
    "http://192.0.0.100/": "192.0.0.100: IETF Protocol Assignments (192.0.0.0/24)",
    "http://[fec0::1]/": "outside global unicast (2000::/3) fec0::1",
    "http://oracle.example.com/": "cloud metadata address 192.0.0.192",
    "http://ietf.example.com/": "192.0.0.100: IETF Protocol Assignments (192.0.0.0/24)",
    "http://sitelocal.example.com/": "outside global unicast (2000::/3) fec0::1",
    "http://[fe80::1%25eth0]/": "IPv6 address with a zone identifier fe80::1",
}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize(("target", "reason"), REFUSED_TARGETS.items())
def test_every_redirect_code_into_refused_space_is_refused_by_policy(site, status, target, reason):
    """Loopback is allowed here, so only the policy stands between the redirect and its target.

    Had the fetcher tried to connect, the test network guard would have raised instead.
    """
    site.routes["/start"] = Route(status=status, headers={"Location": target})
    with pytest.raises(FetchRefused) as refused:
        loopback_fetcher().fetch(site.url("/start"))
    assert refused.value.problem is FetchProblem.ADDRESS_REFUSED
    assert refused.value.detail.endswith(reason)
    assert site.hits == ["/start"]
