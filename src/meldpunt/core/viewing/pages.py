"""A stored page or text shown to an analyst: readable, script-free, loading nothing from outside.

A page goes through three passes. Ammonia (nh3) first parses it as a browser would and keeps
only text, structure, links and media tags. The rewriter then turns each link into inert text
that shows its address, each captured image into its blurred derivative at the caller's local
path, and every other image or video into a placeholder. Ammonia runs last, on the rewriter's
output, with no link, no style, no URL scheme and no image address but the caller's: whatever
the rewriter lets through, nothing in the result can run or load anything from outside.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

import nh3

from meldpunt.core.fetching.pages import decode_page, media_address, page_base
from meldpunt.core.plain_text import REFUSED_CATEGORIES

# Text and its structure: what a reader needs, nothing that runs, loads, submits or hides text.
TEXT_TAGS = frozenset(
    {
        *("p", "div", "span", "br", "hr", "wbr", "pre", "blockquote", "address", "center"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hgroup"),
        *("ul", "ol", "li", "dl", "dt", "dd"),
        *("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "td", "th"),
        *("b", "i", "em", "strong", "u", "s", "strike", "small", "big", "sub", "sup", "mark"),
        *("abbr", "acronym", "cite", "q", "code", "kbd", "samp", "var", "tt", "dfn", "time"),
        *("del", "ins", "bdi", "bdo", "ruby", "rt", "rp", "rtc"),
        *("article", "section", "header", "footer", "nav", "main", "aside"),
        *("figure", "figcaption"),
    }
)
TEXT_ATTRIBUTES: Mapping[str, set[str]] = {
    "*": {"dir", "lang"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
}
# Their content is not text a reader sees, or is markup a browser would show as raw text here.
DROPPED_WITH_CONTENT = frozenset(
    {
        *("script", "style", "template", "noscript", "head", "title"),
        *("iframe", "frame", "frameset", "noframes", "object", "embed", "applet"),
        *("noembed", "xmp", "svg", "math", "canvas"),
    }
)
_MEDIA_ATTRIBUTES: Mapping[str, set[str]] = {
    "a": {"href"},
    "img": {"src", "srcset", "data-src", "alt"},
    "video": {"src", "poster"},
    "source": {"src", "srcset"},
}
_VOID = frozenset({"br", "hr", "wbr", "col", "img", "source"})
# The caller's paths are served by Meldpunt itself: one leading slash, and nothing a browser
# could read as another host ("//host", "/\\host") or as a second attribute.
_LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*")
# Joiners shape Arabic, Indic and emoji text; every other hidden character is shown as a mark.
_SHOWN_HIDDEN = frozenset({"\t", "\n", "\r", "\u200c", "\u200d"})


@dataclass(frozen=True)
class PageLabels:
    """The words the rendering adds; the apps pass them translated."""

    image_not_captured: str = "Image not captured"
    video: str = "Video: open it as its own item"
    video_not_captured: str = "Video not captured"


def render_page(
    html: bytes,
    base_url: str,
    media: Mapping[str, str],
    *,
    content_type: str = "",
    labels: PageLabels = PageLabels(),
) -> str:
    """The page as an HTML fragment: text, inert links, blurred captured images, placeholders.

    `media` maps the absolute address of each captured image or video (as embedded_media
    listed it) to the local path of its blurred derivative; the image there is marked with
    data-item holding that path, so that it can be revealed on its own."""
    paths = set(media.values())
    bad = [path for path in paths if not _LOCAL_PATH.fullmatch(path)]
    if bad:
        raise ValueError("a derivative path must be a local path starting with one '/'")
    text = decode_page(html, content_type)
    rewriter = _Rewriter(page_base(text, base_url), media, labels)
    rewriter.feed(_FIRST_PASS.clean(text))
    rewriter.close()
    return _last_pass(paths).clean("".join(rewriter.out))


def render_text(data: bytes) -> str:
    """Plain text as an escaped <pre> block, decoded by its BOM, else UTF-8, else Windows-1252."""
    return f'<pre class="text-copy">{escape(_visible(_decoded(data)))}</pre>'


_FIRST_PASS = nh3.Cleaner(
    tags=set(TEXT_TAGS | {"a", "img", "video", "source", "picture"}),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={**TEXT_ATTRIBUTES, **_MEDIA_ATTRIBUTES},
    link_rel=None,
)


def _last_pass(paths: Iterable[str]) -> nh3.Cleaner:
    """The final gate: our own markup only, and no address but the caller's local paths."""
    allowed = set(paths)
    return nh3.Cleaner(
        tags=set(TEXT_TAGS | {"img"}),
        attributes={**TEXT_ATTRIBUTES, "img": {"alt"}},
        tag_attribute_values={
            "img": {"src": allowed, "data-item": allowed},
            "span": {"data-item": allowed},
        },
        allowed_classes={"img": {"page-image"}, "span": set(_CLASSES)},
        url_schemes=set(),
        link_rel=None,
    )


_CLASSES = ("page-link", "page-link-address", "page-image-missing", "page-video")


class _Rewriter(HTMLParser):
    """Re-emits the first pass's (well-formed) output, rewriting links and media."""

    def __init__(self, base: str, media: Mapping[str, str], labels: PageLabels) -> None:
        super().__init__(convert_charrefs=True)
        self.base, self.media, self.labels = base, media, labels
        self.out: list[str] = []
        self.links: list[str] = []  # the addresses of the links we are inside, innermost last
        self.picture_sources: list[str] | None = None  # inside a <picture>: its sources
        # Inside a <video>: its sources. Its other content is for browsers that cannot play it.
        self.video_sources: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if self.video_sources is not None:
            if tag == "source":
                self.video_sources += [values.get("src", ""), *_srcset(values.get("srcset", ""))]
        elif tag == "a":
            self.links.append(_shown_address(self.base, values.get("href", "")))
            self.out.append('<span class="page-link">')
        elif tag == "img":
            self.out.append(self._image(values))
        elif tag == "video":
            self.video_sources = [values.get("src", ""), values.get("poster", "")]
        elif tag == "picture":
            self.picture_sources = []
        elif tag == "source":
            if self.picture_sources is not None:
                self.picture_sources += [*_srcset(values.get("srcset", "")), values.get("src", "")]
        else:
            self.out.append(f"<{tag}{_attributes(values)}>")

    def handle_endtag(self, tag: str) -> None:
        if self.video_sources is not None:
            if tag == "video":
                self.out.append(self._video(self.video_sources))
                self.video_sources = None
        elif tag == "a" and self.links:
            address = self.links.pop()
            shown = f' <span class="page-link-address">[{escape(_visible(address))}]</span>'
            self.out.append("</span>" + (shown if address else ""))
        elif tag == "picture":
            self.picture_sources = None
        elif tag not in _VOID and tag not in ("video", "a"):
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.video_sources is None:
            self.out.append(escape(_visible(data)))

    def _image(self, values: Mapping[str, str]) -> str:
        path = self._captured(_image_sources(values) + (self.picture_sources or []))
        alt = escape(_visible(values.get("alt", "")))
        if path is None:
            said = escape(self.labels.image_not_captured) + (f": {alt}" if alt else "")
            return f'<span class="page-image-missing">{said}</span>'
        item = escape(path)
        return f'<img class="page-image" src="{item}" data-item="{item}" alt="{alt}">'

    def _video(self, sources: list[str]) -> str:
        path = self._captured(sources)
        if path is None:
            return f'<span class="page-video">{escape(self.labels.video_not_captured)}</span>'
        item = escape(path)
        return f'<span class="page-video" data-item="{item}">{escape(self.labels.video)}</span>'

    def _captured(self, sources: Iterable[str]) -> str | None:
        """The local path of the first of these addresses that was captured, if any."""
        for raw in sources:
            address = media_address(self.base, raw) if raw else ""
            if address in self.media:
                return self.media[address]
        return None


def _image_sources(values: Mapping[str, str]) -> list[str]:
    """Where an <img> may have come from, in the order the capture looked (src first)."""
    return [values.get("src", ""), values.get("data-src", ""), *_srcset(values.get("srcset", ""))]


def _srcset(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


def _shown_address(base: str, href: str) -> str:
    """A link's absolute address, for showing as text; "" if there is none or it is unreadable."""
    try:
        return urljoin(base, href.strip()) if href.strip() else ""
    except ValueError:
        return ""


def _attributes(values: Mapping[str, str]) -> str:
    return "".join(f' {name}="{escape(value)}"' for name, value in values.items())


def _visible(text: str) -> str:
    """Controls and bidi overrides, which would hide text or make it read otherwise, as marks."""
    if text.isprintable():
        return text
    return "".join(
        f"[U+{ord(c):04X}]"
        if c not in _SHOWN_HIDDEN and unicodedata.category(c) in REFUSED_CATEGORIES
        else c
        for c in text
    )


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _decoded(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
