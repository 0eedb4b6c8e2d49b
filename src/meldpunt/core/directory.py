"""The directory's rules for what an organisation record may hold: countries, AS numbers, scopes."""

from __future__ import annotations

import base64
import binascii
import enum
from collections.abc import Iterable
from urllib.parse import urlsplit

from iso3166 import countries_by_alpha2

MAX_ASN = 4_294_967_295  # AS numbers are 32-bit (RFC 6793)
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")  # plain http only here: tests, local relays


class DirectoryInvalid(ValueError):
    """A value the directory does not accept; the message says which and why."""


class Scope(enum.StrEnum):
    """What an API client may call."""

    REPORT = "report"  # POST /api/v1/reports
    HASHCHECK = "hashcheck"  # the hash-check service (later)
    URLLIST = "urllist"  # the URL list for filtering (later)


def country_code(text: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case, or DirectoryInvalid."""
    code = text.strip().upper()
    if code not in countries_by_alpha2:
        hint = " (the United Kingdom is GB)" if code == "UK" else ""
        raise DirectoryInvalid(f"{text.strip()!r} is not an ISO 3166-1 alpha-2 country code{hint}")
    return code


def parse_asns(parts: Iterable[str | int]) -> tuple[int, ...]:
    """AS numbers from numbers or text such as "AS64500" or "64500, 64501"; in order, once each."""
    numbers: list[int] = []
    for part in parts:
        for piece in str(part).replace(",", " ").split():
            number = _asn(piece)
            if number not in numbers:
                numbers.append(number)
    return tuple(numbers)


def _asn(piece: str) -> int:
    digits = piece.upper().removeprefix("AS")
    if not (digits.isascii() and digits.isdigit()) or not 0 < int(digits) <= MAX_ASN:
        raise DirectoryInvalid(f"{piece!r} is not an AS number (1 to {MAX_ASN})")
    return int(digits)


def format_asns(numbers: Iterable[int]) -> str:
    """AS numbers as they are stored and shown: "64500, 64501"."""
    return ", ".join(str(number) for number in numbers)


def parse_scopes(text: str) -> frozenset[Scope]:
    """Scopes from "report,hashcheck"; at least one, each known."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    known = {scope.value for scope in Scope}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        allowed = ", ".join(scope.value for scope in Scope)
        shown = ", ".join(repr(name) for name in unknown) or "none"
        raise DirectoryInvalid(f"unknown scope {shown}; choose from: {allowed}")
    return frozenset(Scope(name) for name in names)


def api_url(text: str) -> str:
    """A Meldpunt API address to send a key to: https, or http on this machine only."""
    url = text.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        parts, host = urlsplit(""), ""
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in LOOPBACK_HOSTS)
    if not (host and secure) or parts.username or parts.password:
        raise DirectoryInvalid(f"{url!r} is not an https:// address of a Meldpunt API")
    return url


def sealing_public_key(text: str) -> bytes:
    """A Curve25519 public key (for a SealedBox) given in base64, or DirectoryInvalid."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise DirectoryInvalid("the public key must be 32 bytes in base64 (a Curve25519 key)")
    return key
