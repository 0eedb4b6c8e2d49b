"""Reported URLs: refang, normalise, find the registrable domain and the dedup key."""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from urllib.parse import SplitResult, quote, urlsplit

import tldextract

MAX_URL_LENGTH = 2048
ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# Characters that may stay literal in a path or query (RFC 3986 pchar + "/" + "?").
_SAFE_IN_PATH = "/:@!$&'()*+,;=-._~"
_SAFE_IN_QUERY = _SAFE_IN_PATH + "?"
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):(.*)$", re.DOTALL)
_NUMBER = r"(?:0x[0-9a-f]*|[0-9]+)"
_NUMERIC_HOST = re.compile(rf"^{_NUMBER}(?:\.{_NUMBER}){{0,3}}$")
_REFANGS = (
    (re.compile(r"^h[xX*]{2}p(s?)", re.IGNORECASE), r"http\1"),
    (re.compile(r"^f[xX]p", re.IGNORECASE), "ftp"),
    (re.compile(r"[\[({]\s*(?:\.|dot)\s*[\])}]", re.IGNORECASE), "."),
    (re.compile(r"\[\s*://\s*\]"), "://"),
    (re.compile(r"\[\s*:\s*\]"), ":"),
    (re.compile(r"\[\s*/\s*\]"), "/"),
    (re.compile(r"\[\s*@\s*\]"), "@"),
)


class Rejection(StrEnum):
    """Why a line could not be read as a reportable web address."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    CONTROL_CHARACTERS = "control_characters"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    MISSING_HOST = "missing_host"
    INVALID_HOST = "invalid_host"
    NOT_PUBLIC_NAME = "not_public_name"
    INVALID_PORT = "invalid_port"


EXPLANATIONS = {
    Rejection.EMPTY: "the line is empty",
    Rejection.TOO_LONG: f"the address is longer than {MAX_URL_LENGTH} characters",
    Rejection.CONTROL_CHARACTERS: "the address contains spaces, invisible or garbled characters",
    Rejection.UNSUPPORTED_SCHEME: "only web addresses (http or https) can be reported",
    Rejection.MISSING_HOST: "the address names no website",
    Rejection.INVALID_HOST: "the website name or IP address is not valid",
    Rejection.NOT_PUBLIC_NAME: "the website name has no public domain ending such as .com or .nl",
    Rejection.INVALID_PORT: "the port number is not valid",
}


class UrlRejected(ValueError):
    """A reported line is not an http(s) address we can take in."""

    def __init__(self, reason: Rejection, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail

    @property
    def explanation(self) -> str:
        """A plain English sentence for command-line output."""
        return EXPLANATIONS[self.reason]


@dataclass(frozen=True)
class NormalisedUrl:
    """A reported URL in canonical form, with the facts intake needs."""

    url: str
    host: str
    registrable_domain: str
    dedup_key: str


def refang(text: str) -> str:
    """Undo the usual defanging: hxxp://, [.], (dot), [:] and friends."""
    for pattern, replacement in _REFANGS:
        text = pattern.sub(replacement, text)
    return text


def normalise_url(text: str) -> NormalisedUrl:
    """Read one reported line as a canonical http(s) URL, or raise UrlRejected."""
    stripped = text.strip()
    if not stripped:
        raise UrlRejected(Rejection.EMPTY)
    if len(stripped) > MAX_URL_LENGTH:
        raise UrlRejected(Rejection.TOO_LONG, str(len(stripped)))
    if any(ch.isspace() or not ch.isprintable() or ch == "\ufffd" for ch in stripped):
        raise UrlRejected(Rejection.CONTROL_CHARACTERS)
    parts = _split(_with_scheme(refang(stripped)))
    host = canonical_host(parts.hostname or "")
    url = _assemble(parts, host)
    if len(url) > MAX_URL_LENGTH:
        raise UrlRejected(Rejection.TOO_LONG, str(len(url)))
    return NormalisedUrl(url, host, registrable_domain(host), dedup_key(url))


def _with_scheme(text: str) -> str:
    """Add http:// to a bare address; refuse any scheme but http(s)."""
    if text.startswith("//"):
        return "http:" + text
    if "://" in text:
        scheme = text.split("://", 1)[0].lower()
        if scheme not in ALLOWED_SCHEMES:
            raise UrlRejected(Rejection.UNSUPPORTED_SCHEME, scheme[:20])
        return text
    match = _SCHEME.match(text)
    if match and not re.match(r"^\d", match.group(2)):
        raise UrlRejected(Rejection.UNSUPPORTED_SCHEME, match.group(1).lower()[:20])
    return "http://" + text


def _split(text: str) -> SplitResult:
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- urlsplit checks the port only when asked
    except ValueError as error:
        reason = Rejection.INVALID_PORT if "port" in str(error).lower() else Rejection.INVALID_HOST
        raise UrlRejected(reason) from error
    if not parts.hostname:
        raise UrlRejected(Rejection.MISSING_HOST)
    return parts


def canonical_host(host: str) -> str:
    """Lower-case, IDNA-encode and canonicalise IP literals (decimal, octal, hex)."""
    host = host.rstrip(".").lower()
    if not host:
        raise UrlRejected(Rejection.MISSING_HOST)
    if ":" in host:
        return _ipv6(host)
    if _NUMERIC_HOST.match(host):
        return _ipv4(host)
    return _hostname(host)


def _ipv6(host: str) -> str:
    try:
        return str(ipaddress.IPv6Address(host.split("%", 1)[0]))
    except ValueError as error:
        raise UrlRejected(Rejection.INVALID_HOST) from error


def _ipv4(host: str) -> str:
    """Read an IPv4 literal the way libc does, so 0x7f.1 and 2130706433 are caught."""
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError as error:
        raise UrlRejected(Rejection.INVALID_HOST) from error


def _hostname(host: str) -> str:
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as error:
        raise UrlRejected(Rejection.INVALID_HOST) from error
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise UrlRejected(Rejection.INVALID_HOST)
    if not _extractor()(ascii_host).suffix:
        raise UrlRejected(Rejection.NOT_PUBLIC_NAME)
    return ascii_host


def _assemble(parts: SplitResult, host: str) -> str:
    scheme = parts.scheme.lower()
    netloc = f"[{host}]" if ":" in host else host
    if parts.port is not None and parts.port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{parts.port}"
    if parts.username is not None:
        userinfo = _encode(parts.username, "!$&'()*+,;=-._~")
        if parts.password is not None:
            userinfo += ":" + _encode(parts.password, "!$&'()*+,;=-._~")
        netloc = f"{userinfo}@{netloc}"
    url = f"{scheme}://{netloc}{_path(_encode(parts.path, _SAFE_IN_PATH))}"
    if parts.query:
        url += "?" + _encode(parts.query, _SAFE_IN_QUERY)
    if parts.fragment:
        url += "#" + _encode(parts.fragment, _SAFE_IN_QUERY)
    return url


def _path(path: str) -> str:
    """Remove dot segments (RFC 3986 5.2.4); an empty path becomes '/'."""
    segments: list[str] = []
    for segment in path.split("/")[1:] if path.startswith("/") else path.split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment != ".":
            segments.append(segment)
    trailing = path.endswith(("/.", "/..")) and bool(segments) and segments[-1] != ""
    return "/" + "/".join(segments) + ("/" if trailing else "")


def _encode(text: str, safe: str) -> str:
    """Decode escapes of unreserved characters, upper-case the rest, encode what must be."""
    pieces = []
    for index, piece in enumerate(_ESCAPE.split(text)):
        if index % 2:
            char = chr(int(piece, 16))
            pieces.append(char if char in _UNRESERVED else f"%{piece.upper()}")
        else:
            pieces.append(quote(piece, safe=safe))
    return "".join(pieces)


def dedup_key(url: str) -> str:
    """The key under which reports of the same address join one case.

    Scheme, default port, user info, fragment, letter case, parameter order and a
    trailing slash do not make a different case: hotlines see the same material
    reported with all of these variations.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port and parts.port != DEFAULT_PORTS.get(parts.scheme) else ""
    path = parts.path.rstrip("/") or ""
    query = "&".join(sorted(p for p in parts.query.split("&") if p))
    canonical = f"{host}{port}{path}?{query}".lower()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def registrable_domain(host: str) -> str:
    """The domain a registrant controls (example.co.uk, user.blogspot.com), or the IP."""
    if ":" in host or _NUMERIC_HOST.match(host):
        return host
    result = _extractor()(host)
    return result.top_domain_under_public_suffix or host


@cache
def _extractor() -> tldextract.TLDExtract:
    """The public-suffix list bundled with tldextract: no network, ever."""
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )
