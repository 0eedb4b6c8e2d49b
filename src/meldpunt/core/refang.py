"""Reading defanged addresses back (hxxp://example[.]com and the other usual spellings).

ioc-fanger knows the spellings, but it is made for running text and would also rewrite
legitimate addresses: "-dot-" in polka-dot-shop.com, "(at)" or "AT" in a path, "^x" in a query.
So an address is taken apart first. The library reads only the scheme and the host part, and
only when the host as written is not already a public name. The path, query and fragment get
the bracketed dots alone, which a real path does not hold unencoded.
"""

from __future__ import annotations

import re

from ioc_fanger import fang

from meldpunt.core.public_suffixes import current_list

# Scheme spellings the library does not read: h**p, HXXP in capitals, fxp.
_SCHEME_WORDS = (
    (re.compile(r"h[x*]{2}p", re.IGNORECASE), "http"),
    (re.compile(r"^f[x*]p", re.IGNORECASE), "ftp"),
)
# What comes before the host: "hxxps[://]", "[http]://", "http ://", "//", or a WHATWG
# spelling with backslashes or no slashes at all ("http:\\host", "https:host").
_PREFIX = re.compile(r"^[^/\\?#.@]{0,24}?//\s*\]?|^https?:[/\\]*", re.IGNORECASE)
_PLAIN_PREFIX = re.compile(r"^(?:https?:)?//$")
_READ_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:)?//|^https?:[/\\]*$", re.IGNORECASE)
# The host part ends at the first / ? # or at a backslash, unless the backslash escapes a dot.
_AUTHORITY = re.compile(r"(?:\\\.|[^/?#\\])*")
_DEFANGED_SLASH = re.compile(r"\[\s*/\s*\]")
_BRACKETED_DOT = re.compile(r"[\[({]\s*(?:\.|dot)\s*[\])}]", re.IGNORECASE)
_SPACED_DOT = re.compile(r"\s+dot\s+", re.IGNORECASE)
_HYPHENED_DOT = re.compile(r"-+dot-+", re.IGNORECASE)
_COMMA_IPV4 = re.compile(r"(^|@)(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})(?=:\d*$|$)")
_PUBLIC_NAME = re.compile(r"^[\w-]+(?:\.[\w-]+)+\.?$")
_IP_LITERAL = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$|^\[[0-9a-fA-F:.]+\]$")
_MASK = "\ue000"  # a private-use character: stands in for "-dot-" while the library runs


def refang(text: str) -> str:
    """Undo the usual defanging of one address; a plain address comes back unchanged."""
    text = _DEFANGED_SLASH.sub("/", text)
    prefix, rest = _scheme_prefix(text)
    authority = _AUTHORITY.match(rest)
    end = authority.end() if authority else 0
    return prefix + _refang_authority(rest[:end]) + _BRACKETED_DOT.sub(".", rest[end:])


def _scheme_prefix(text: str) -> tuple[str, str]:
    """The refanged scheme and slashes, and the rest; ("", text) if there is no scheme."""
    match = _PREFIX.match(text)
    if match is None:
        return "", text
    prefix = match.group()
    if _PLAIN_PREFIX.match(prefix):
        return prefix, text[match.end() :]
    for pattern, word in _SCHEME_WORDS:
        prefix = pattern.sub(word, prefix)
    prefix = fang(prefix).replace(" ", "").lower()
    if not _READ_PREFIX.match(prefix):
        return "", text
    return prefix, text[match.end() :]


def _refang_authority(authority: str) -> str:
    """Refang user info, host and port, unless the host is a public name as it stands."""
    authority = authority.strip()
    if _is_public_host(_host_of(authority)):
        return authority
    # " DOT " first: the library would read "a DOT co.uk" as "a. co.uk".
    fanged = _fang_keeping_hyphens(_SPACED_DOT.sub(".", authority))
    fanged = _COMMA_IPV4.sub(r"\1\2.\3.\4.\5", fanged)
    if _HYPHENED_DOT.search(fanged) and not _is_public_host(_host_of(fanged)):
        fanged = _HYPHENED_DOT.sub(".", fanged)
    return fanged


def _fang_keeping_hyphens(authority: str) -> str:
    """The library's reading with every "-dot-" left alone: in polka-dot-shop[.]com it is
    part of the name. The caller reads "-dot-" as a dot only if the name needs it."""
    kept = _HYPHENED_DOT.findall(authority)
    fanged: str = fang(_HYPHENED_DOT.sub(_MASK, authority))
    if fanged.count(_MASK) != len(kept):
        return str(fang(authority))
    pieces = fanged.split(_MASK)
    return pieces[0] + "".join(word + piece for word, piece in zip(kept, pieces[1:], strict=True))


def _host_of(authority: str) -> str:
    """The host of `user:password@host:port`, as written."""
    host = authority.rpartition("@")[2]
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    name, colon, port = host.rpartition(":")
    return name if colon and (port.isdigit() or not port) else host


def _is_public_host(host: str) -> bool:
    """An IP literal, or a name under a listed public suffix with nothing defanged in it."""
    if _IP_LITERAL.match(host):
        return True
    if not _PUBLIC_NAME.match(host) or "_" in host.rpartition(".")[2]:
        return False
    return current_list().has_listed_suffix(host.rstrip(".").lower())
