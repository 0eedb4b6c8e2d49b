"""Reported URLs: refang, parse as browsers do, normalise, registrable domain and dedup key."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, urlsplit

from ada_url import HostType, parse_url

from meldpunt.core.public_suffixes import current_list
from meldpunt.core.refang import refang

__all__ = [
    "ALLOWED_SCHEMES",
    "CLIENT_URL_PATTERN",
    "MAX_URL_LENGTH",
    "URL_RULES",
    "NormalisedUrl",
    "Rejection",
    "UrlRejected",
    "canonical_host",
    "dedup_key",
    "normalise_url",
    "refang",
    "registrable_domain",
]

MAX_URL_LENGTH = 2048
ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# What a client can check before it sends an address (the partner API's schema states it). It
# is necessary, not sufficient: every address Meldpunt takes in matches it, and it refuses any
# scheme but http and https (javascript:, data:, file:, ftp:, mailto:), however defanged.
# Only syntax that JavaScript, Python and Rust (which pydantic uses) read alike: no \s, no
# \u escapes (the spaces are the characters themselves), no look-arounds. The leading spaces
# are the visible ones str.strip() removes; the others are control characters, refused.
_LEADING_SPACES = "[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*"
_HTTP_SPELLINGS = r"[\[({ ]*(?:[Hh][A-Za-z*]{2}[Pp]|[Xx]{4,5})[Ss]?[\])} ]*[\[({ ]*:"
_NO_SCHEME = r"(?:\[[0-9A-Fa-f:.%]*\]|[^:/?#])*(?::[0-9]|[/?#]|$)"  # [v6]/a: a bare IPv6 host
CLIENT_URL_PATTERN = f"^{_LEADING_SPACES}(?:{_HTTP_SPELLINGS}|{_NO_SCHEME})"
URL_RULES = (
    f"One web address of 1 to {MAX_URL_LENGTH} characters: http or https, or a bare host "
    "(example.com/a, read as http). Defanged spellings are read back (hxxp://, example[.]com, "
    "example(dot)com, [@] and (at) in user info, commas in an IP address). Other schemes, "
    "spaces inside the address, and control, format or bidi characters are refused. The "
    "host is read as the WHATWG URL Standard (and so a browser) reads it, and must be an IP "
    "address or a name under a public suffix."
)

# Characters that may stay literal in a path or query (RFC 3986 pchar + "/" + "?"). A "%" not
# followed by two hex digits stays too: a browser sends it as it is, so must we.
_SAFE_IN_USERINFO = "!$&'()*+,;=-._~%"
_SAFE_IN_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_IN_QUERY = _SAFE_IN_PATH + "?"
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):(.*)$", re.DOTALL)
_NUMERIC_HOST = re.compile(r"^[0-9.]+$|:")
# Only to say why the WHATWG parser refused an address: the host and port as written.
_AUTHORITY = re.compile(
    r"^[a-z]+:[/\\]*(?:[^/\\?#]*@)?(?P<host>\[[^\]]*\]?|[^:/\\?#]*)(?::(?P<port>[^/\\?#]*))?",
    re.IGNORECASE,
)
_URL_PARTS = (
    "protocol",
    "username",
    "password",
    "hostname",
    "host_type",
    "port",
    "pathname",
    "search",
    "hash",
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


def normalise_url(text: str) -> NormalisedUrl:
    """Read one reported line as a canonical http(s) URL, or raise UrlRejected."""
    if len(text) > MAX_URL_LENGTH:
        raise UrlRejected(Rejection.TOO_LONG, str(len(text)))
    stripped = text.strip()
    if not stripped:
        raise UrlRejected(Rejection.EMPTY)
    if not _printable(stripped, allow_spaces=True):
        raise UrlRejected(Rejection.CONTROL_CHARACTERS)
    refanged = refang(stripped)
    if not _printable(refanged, allow_spaces=False):
        raise UrlRejected(Rejection.CONTROL_CHARACTERS)
    parts = _whatwg_parts(_with_scheme(refanged))
    host = _checked_host(parts.hostname, parts.host_type)
    url = _assemble(parts, host)
    if len(url) > MAX_URL_LENGTH:
        raise UrlRejected(Rejection.TOO_LONG, str(len(url)))
    return NormalisedUrl(url, host, registrable_domain(host), dedup_key(url))


def _printable(text: str, *, allow_spaces: bool) -> bool:
    """No control, format or replacement characters, and no whitespace (isprintable refuses
    every kind but the plain space); plain spaces only before refanging, where "http:// host"
    and " DOT " may still hold them."""
    return text.isprintable() and "\ufffd" not in text and (allow_spaces or " " not in text)


def _with_scheme(text: str) -> str:
    """Add http:// to a bare address; refuse any scheme but http(s)."""
    if text.startswith("//"):
        return "http:" + text
    match = _SCHEME.match(text)
    if match is None:
        return "http://" + text
    scheme = match.group(1).lower()
    if scheme in ALLOWED_SCHEMES:
        return text
    if re.match(r"^\d", match.group(2)):  # "example.com:8080/x": a host and a port
        return "http://" + text
    raise UrlRejected(Rejection.UNSUPPORTED_SCHEME, scheme[:20])


@dataclass(frozen=True)
class _Parts:
    """An address as the WHATWG URL Standard splits it; escapes as the parser left them."""

    protocol: str
    username: str
    password: str
    hostname: str
    host_type: HostType
    port: str
    pathname: str
    search: str
    hash: str


def _whatwg_parts(url: str) -> _Parts:
    """The address split as the WHATWG URL Standard, and so a browser, reads it."""
    try:
        parsed = parse_url(url, attributes=_URL_PARTS)
    except ValueError:
        raise UrlRejected(_why_unparsable(url)) from None
    return _Parts(
        protocol=parsed["protocol"],
        username=parsed["username"],
        password=parsed["password"],
        hostname=parsed["hostname"],
        host_type=HostType(parsed["host_type"]),
        port=parsed["port"],
        pathname=parsed["pathname"],
        search=parsed["search"],
        hash=parsed["hash"],
    )


def _why_unparsable(url: str) -> Rejection:
    """Which part made the parser refuse `url`, for a message that helps."""
    match = _AUTHORITY.match(url)
    if match is None or not match.group("host"):
        return Rejection.MISSING_HOST
    port = match.group("port")
    if port is not None and not (port.isascii() and port.isdigit() and int(port) < 65536):
        return Rejection.INVALID_PORT
    return Rejection.INVALID_HOST


def canonical_host(host: str) -> str:
    """A host as a browser reads it: lower case, IDNA, IP literals in their one form.

    Refuses what could not be fetched by name: labels outside letters, digits, "-" and "_", and
    names under no listed public suffix (raised as NOT_PUBLIC_NAME).
    """
    if not host:
        raise UrlRejected(Rejection.MISSING_HOST)
    if any(char in host for char in "/\\?#@") or not _printable(host, allow_spaces=False):
        raise UrlRejected(Rejection.INVALID_HOST)
    bracketed = f"[{host}]" if ":" in host and not host.startswith("[") else host
    parts = _whatwg_parts(f"http://{bracketed}/")
    return _checked_host(parts.hostname, parts.host_type)


def _checked_host(hostname: str, host_type: HostType) -> str:
    if host_type is HostType.IPV6:
        return hostname.strip("[]")
    if host_type is HostType.IPV4:
        return hostname
    name = hostname.rstrip(".")
    if not name:
        raise UrlRejected(Rejection.MISSING_HOST)
    if len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        raise UrlRejected(Rejection.INVALID_HOST)
    if not current_list().has_listed_suffix(name):
        raise UrlRejected(Rejection.NOT_PUBLIC_NAME)
    return name


def _assemble(parts: _Parts, host: str) -> str:
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc = f"{netloc}:{parts.port}"
    if parts.username or parts.password:
        userinfo = _encode(parts.username, _SAFE_IN_USERINFO)
        if parts.password:
            userinfo += ":" + _encode(parts.password, _SAFE_IN_USERINFO)
        netloc = f"{userinfo}@{netloc}"
    url = f"{parts.protocol}//{netloc}{_encode(parts.pathname, _SAFE_IN_PATH)}"
    if len(parts.search) > 1:
        url += "?" + _encode(parts.search[1:], _SAFE_IN_QUERY)
    if len(parts.hash) > 1:
        url += "#" + _encode(parts.hash[1:], _SAFE_IN_QUERY)
    return url


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
    """The domain a registrant controls (example.co.uk, user.github.io), or the IP address.

    Empty for a host that is itself a public suffix (github.io, uk.com): nobody registers it.
    """
    if _NUMERIC_HOST.search(host):
        return host
    return current_list().registrable_domain(host) or ""
