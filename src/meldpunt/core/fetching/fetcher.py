"""The safe fetcher: only http(s), only public addresses, pinned to the address checked.

Every hop (the URL and each redirect, at most 5) is parsed, its host resolved, and *every*
answer checked; one internal answer refuses the hop. The connection then goes to the checked
address itself (Host header and TLS SNI carry the name), so a second DNS answer cannot move
it inward (DNS rebinding). Bodies are read in chunks under a size limit per media kind, judged
by magic bytes, under connect, read and total time limits. Nothing about the content goes
into errors: only the problem, the status and the address.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urljoin, urlsplit

import httpx

from meldpunt.core.fetching.addresses import (
    AddressPolicy,
    AddressProblem,
    IPAddress,
    Refusal,
    has_zone,
    ip_literal,
)
from meldpunt.core.fetching.resolvers import NameNotResolved, Resolver
from meldpunt.core.media_types import MAX_BYTES, MediaKind, sniff
from meldpunt.core.urls import Rejection, UrlRejected, canonical_host

REDIRECTS = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
SNIFF_BYTES = 512


class FetchProblem(StrEnum):
    """Why a fetch failed; the value is the message an item error shows."""

    BAD_URL = "the address is not a valid web address"
    SCHEME = "only http and https addresses are fetched"
    NOT_PUBLIC_NAME = "the host is not a public name"
    NOT_RESOLVED = "the host name does not resolve"
    ADDRESS_REFUSED = "the host resolves to an address we do not connect to"
    TOO_MANY_REDIRECTS = "more than 5 redirects"
    TIMEOUT = "the server took too long"
    TOO_LARGE = "the content is larger than the limit"
    CONNECTION_FAILED = "the connection failed"
    HTTP_ERROR = "the server answered with an error"
    STOPPED = "the download was stopped because Meldpunt is shutting down"


RETRYABLE = frozenset(
    {
        FetchProblem.NOT_RESOLVED,
        FetchProblem.TIMEOUT,
        FetchProblem.CONNECTION_FAILED,
        FetchProblem.STOPPED,
    }
)


class FetchRefused(Exception):
    """A fetch that did not (or may not) happen; `detail` holds codes and addresses only."""

    def __init__(self, problem: FetchProblem, detail: str = "", status: int | None = None) -> None:
        super().__init__(f"{problem.value} ({detail})" if detail else problem.value)
        self.problem, self.detail, self.status = problem, detail, status

    @property
    def retryable(self) -> bool:
        """Worth trying again later: network trouble, or a 5xx or 429 answer."""
        return self.problem in RETRYABLE or (
            self.status is not None and (self.status >= 500 or self.status == 429)
        )


@dataclass(frozen=True)
class FetchLimits:
    """Time and size limits; sizes per media kind, judged by magic bytes."""

    connect_seconds: float = 5.0
    read_seconds: float = 15.0
    total_seconds: float = 60.0
    max_redirects: int = 5
    max_bytes: Mapping[MediaKind, int] = field(default_factory=lambda: MAX_BYTES)


@dataclass(frozen=True)
class Fetched:
    """What one URL served, after redirects."""

    url: str
    status: int
    body: bytes
    kind: MediaKind
    address: str
    redirects: tuple[str, ...]
    content_type: str  # as the server claimed it; recorded, never trusted


@dataclass(frozen=True)
class _Hop:
    url: str
    scheme: str
    host: str
    port: int
    target: str
    address: IPAddress


class SafeFetcher:
    """Fetches one URL at a time under an address policy; safe to share between threads."""

    def __init__(
        self,
        resolver: Resolver,
        policy: AddressPolicy,
        limits: FetchLimits | None = None,
        user_agent: str = "Meldpunt",
        proxy: str | None = None,
        transport: httpx.BaseTransport | None = None,
        stopping: Callable[[], bool] = lambda: False,
    ) -> None:
        self.resolver, self.policy, self.limits = resolver, policy, limits or FetchLimits()
        self.stopping = stopping  # checked between chunks, so a stopping process waits for none
        timeout = httpx.Timeout(self.limits.read_seconds, connect=self.limits.connect_seconds)
        self._client = httpx.Client(
            transport=transport,
            proxy=proxy,
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": user_agent, "Accept-Encoding": "identity", "Accept": "*/*"},
        )

    def close(self) -> None:
        """Release pooled connections."""
        self._client.close()

    def fetch(self, url: str) -> Fetched:
        """GET the URL, following at most max_redirects checked redirects."""
        deadline = time.monotonic() + self.limits.total_seconds
        redirects: list[str] = []
        current = url
        while True:
            hop = self.check(current)
            location, fetched = self._get(hop, deadline, tuple(redirects))
            if fetched is not None:
                return fetched
            if len(redirects) >= self.limits.max_redirects:
                raise FetchRefused(FetchProblem.TOO_MANY_REDIRECTS)
            current = urljoin(hop.url, location)
            redirects.append(current)

    def check(self, url: str) -> _Hop:
        """Parse, resolve and vet one hop without connecting anywhere."""
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise FetchRefused(FetchProblem.BAD_URL) from None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise FetchRefused(FetchProblem.SCHEME, scheme or "none")
        host = self._host(parts.hostname or "")
        address = self._vetted_address(host)
        port = port or DEFAULT_PORTS[scheme]
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        return _Hop(url, scheme, host, port, target, address)

    def _host(self, raw: str) -> str:
        if has_zone(raw):  # canonical_host would drop the zone and judge another address
            address = raw.partition("%")[0]
            raise FetchRefused(
                FetchProblem.ADDRESS_REFUSED, Refusal(AddressProblem.ZONE).explain(address)
            )
        try:
            return canonical_host(raw)
        except UrlRejected as rejected:
            if rejected.reason is Rejection.NOT_PUBLIC_NAME:
                raise FetchRefused(FetchProblem.NOT_PUBLIC_NAME) from None
            raise FetchRefused(FetchProblem.BAD_URL) from None

    def _vetted_address(self, host: str) -> IPAddress:
        literal = ip_literal(host)
        try:
            addresses = [literal] if literal else self.resolver.resolve(host)
        except NameNotResolved:
            raise FetchRefused(FetchProblem.NOT_RESOLVED) from None
        if not addresses:
            raise FetchRefused(FetchProblem.NOT_RESOLVED)
        for address in addresses:
            refusal = self.policy.refusal(address)
            if refusal is not None:
                raise FetchRefused(FetchProblem.ADDRESS_REFUSED, refusal.explain(address))
        return addresses[0]

    def _get(
        self, hop: _Hop, deadline: float, redirects: tuple[str, ...]
    ) -> tuple[str, Fetched | None]:
        pinned = f"[{hop.address}]" if hop.address.version == 6 else str(hop.address)
        host_header = (
            hop.host
            if hop.port == DEFAULT_PORTS[hop.scheme]
            else f"{_bracketed(hop.host)}:{hop.port}"
        )
        extensions = (
            {"sni_hostname": hop.host} if hop.scheme == "https" and not ip_literal(hop.host) else {}
        )
        request = self._client.build_request(
            "GET",
            f"{hop.scheme}://{pinned}:{hop.port}{hop.target}",
            headers={"Host": host_header},
            extensions=extensions,
        )
        try:
            response = self._client.send(request, stream=True)
            try:
                return self._read(hop, response, deadline, redirects)
            finally:
                response.close()
        except httpx.TimeoutException:
            raise FetchRefused(FetchProblem.TIMEOUT, str(hop.address)) from None
        except httpx.HTTPError as error:
            raise FetchRefused(
                FetchProblem.CONNECTION_FAILED, f"{type(error).__name__} {hop.address}"
            ) from None

    def _read(
        self, hop: _Hop, response: httpx.Response, deadline: float, redirects: tuple[str, ...]
    ) -> tuple[str, Fetched | None]:
        if response.status_code in REDIRECTS and response.headers.get("location"):
            return response.headers["location"], None
        if response.status_code >= 400:
            raise FetchRefused(
                FetchProblem.HTTP_ERROR, f"HTTP {response.status_code}", response.status_code
            )
        ceiling = max(self.limits.max_bytes.values())
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > ceiling:
            raise FetchRefused(FetchProblem.TOO_LARGE, f"declared {declared} bytes")
        body, kind = self._body(response, deadline, str(hop.address))
        fetched = Fetched(
            hop.url,
            response.status_code,
            body,
            kind,
            str(hop.address),
            redirects,
            response.headers.get("content-type", "")[:200],
        )
        return "", fetched

    def _body(
        self, response: httpx.Response, deadline: float, address: str
    ) -> tuple[bytes, MediaKind]:
        body = bytearray()
        kind: MediaKind | None = None
        limit = max(self.limits.max_bytes.values())
        for chunk in response.iter_bytes():
            body += chunk
            if kind is None and len(body) >= SNIFF_BYTES:
                kind = sniff(bytes(body[:SNIFF_BYTES]))
                limit = self.limits.max_bytes[kind]
            if len(body) > limit:
                raise FetchRefused(FetchProblem.TOO_LARGE, f"over {limit} bytes")
            if time.monotonic() > deadline:
                raise FetchRefused(FetchProblem.TIMEOUT, f"{address} still sending")
            if self.stopping():
                raise FetchRefused(FetchProblem.STOPPED)
        kind = kind or sniff(bytes(body[:SNIFF_BYTES]))
        if len(body) > self.limits.max_bytes[kind]:
            raise FetchRefused(FetchProblem.TOO_LARGE, f"over {self.limits.max_bytes[kind]} bytes")
        return bytes(body), kind


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host
