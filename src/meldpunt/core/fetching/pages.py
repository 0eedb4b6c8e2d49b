"""The media an HTML page embeds: img (src, srcset), video and source, og:image, media links.

Addresses are resolved against the page (or its <base href>), kept only if http(s), put in
page order with duplicates dropped, and cut at a per-page limit so that a page listing
100,000 images cannot flood the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

MEDIA_SUFFIXES = (
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".bmp",
    ".avif",
    ".heic",
    ".tif",
    ".tiff",
    ".mp4",
    ".m4v",
    ".mov",
    ".webm",
    ".mkv",
    ".avi",
    ".flv",
    ".wmv",
    ".3gp",
    ".ts",
)
DEFAULT_MAX_MEDIA = 100


@dataclass(frozen=True)
class PageMedia:
    """Embedded media found on a page, and how many more were cut by the limit."""

    urls: tuple[str, ...]
    left_out: int


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base = ""
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "base" and not self.base:
            self.base = values.get("href", "")
        elif tag in ("img", "video", "source", "embed"):
            self.found += [values[k] for k in ("src", "poster", "data-src") if values.get(k)]
            self.found += _srcset(values.get("srcset", ""))
        elif tag == "meta" and values.get("property", values.get("name", "")).lower() in (
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "og:video",
            "og:video:url",
            "twitter:image",
        ):
            self.found.append(values.get("content", ""))
        elif tag == "a" and _looks_like_media(values.get("href", "")):
            self.found.append(values["href"])


def embedded_media(html: str, page_url: str, limit: int = DEFAULT_MAX_MEDIA) -> PageMedia:
    """Media addresses on the page, absolute, deduplicated, in page order, at most `limit`."""
    collector = _collected(html)
    base = urljoin(page_url, collector.base) if collector.base else page_url
    seen: dict[str, None] = {}
    for raw in collector.found:
        absolute = media_address(base, raw)
        if absolute and absolute != page_url:
            seen.setdefault(absolute, None)
    urls = list(seen)
    return PageMedia(tuple(urls[:limit]), max(0, len(urls) - limit))


def page_base(html: str, page_url: str) -> str:
    """The address the page's relative links are read against: its <base href>, or its own."""
    base = _collected(html).base
    return urljoin(page_url, base) if base else page_url


def _collected(html: str) -> _Collector:
    collector = _Collector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # noqa: S110 - malformed markup; its message quotes the page, so it is dropped
        pass  # what was found before the broken markup still counts, as in a browser
    return collector


def decode_page(body: bytes, content_type: str = "") -> str:
    """Page text: the declared charset if it works, else UTF-8 with replacement."""
    charset = ""
    for part in content_type.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            charset = value.strip("\"' ")
    try:
        return body.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return body.decode("utf-8", errors="replace")


def _srcset(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def _looks_like_media(href: str) -> bool:
    return urlsplit(href.strip()).path.lower().endswith(MEDIA_SUFFIXES)


def media_address(base: str, raw: str) -> str:
    """`raw` as the absolute http(s) address embedded_media lists it under, or "" if none."""
    raw = raw.strip()
    if not raw or raw.startswith(("data:", "javascript:", "blob:", "mailto:")):
        return ""
    try:
        absolute = urldefrag(urljoin(base, raw))[0]
    except ValueError:
        return ""
    return (
        absolute if urlsplit(absolute).scheme in ("http", "https") and len(absolute) <= 2048 else ""
    )
