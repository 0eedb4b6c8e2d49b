"""Stored pages and texts render readable and inert: no script, nothing loaded from outside."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meldpunt.core.fetching.pages import embedded_media
from meldpunt.core.viewing.pages import PageLabels, render_page, render_text
from tests.unit.core.viewing.hostile_pages import (
    CAPTURED,
    FORBIDDEN_TAGS,
    HOSTILE,
    LOCAL_PATH,
    MEDIA,
    PAGE_URL,
)

# Any scheme ("https:", "javascript:", "data:"), or a host without one ("//host", "\\host").
EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.\-]*:|[/\\]{2})", re.IGNORECASE)


class Parsed(HTMLParser):
    """Every element and attribute of a rendering, and its text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.text.append(data)

    def words(self) -> str:
        return " ".join(" ".join(self.text).split())

    def attribute_values(self) -> list[str]:
        return [value for _, attrs in self.elements for value in attrs.values()]


def render(body: str, media=MEDIA) -> Parsed:
    return Parsed(render_page(f"<!doctype html><html><body>{body}".encode(), PAGE_URL, media))


def assert_inert(parsed: Parsed) -> None:
    """No tag that runs or loads, no handler or style, no address but the caller's paths."""
    for tag, attrs in parsed.elements:
        assert tag not in FORBIDDEN_TAGS
        assert not [name for name in attrs if name.startswith("on")]
        assert not {
            "style",
            "href",
            "srcset",
            "action",
            "formaction",
            "poster",
            "background",
        } & set(attrs)
        if tag == "img":
            assert attrs.get("src", LOCAL_PATH) == LOCAL_PATH
    for value in parsed.attribute_values():
        assert not EXTERNAL.match(value) and "url(" not in value.lower()


@pytest.mark.parametrize("snippet", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_leaves_nothing_that_runs_or_loads(snippet):
    parsed = render(snippet)
    assert_inert(parsed)
    assert "alert(1)" not in " ".join(parsed.attribute_values())
    assert [attrs for tag, attrs in parsed.elements if "data-item" in attrs] == []


def test_the_rendering_keeps_the_text_readable():
    parsed = render(
        "<h1>Hello &amp; welcome</h1><p>A <b>bold</b> claim.</p>"
        "<table><tr><th>Name</th><td>Value</td></tr></table><ul><li>one</li><li>two</li></ul>"
        "<textarea>typed <b>here</b></textarea><noscript>hidden</noscript><title>Title</title>"
    )
    assert parsed.words() == "Hello & welcome A bold claim. Name Value one two typed <b>here</b>"
    assert [tag for tag, _ in parsed.elements] == [
        *("h1", "p", "b", "table", "tbody", "tr", "th", "td", "ul", "li", "li"),
    ]


def test_a_link_becomes_text_showing_its_address():
    parsed = render('<p>See <a href="other.html?a=1&amp;b=2#top">the <i>other</i> page</a>.</p>')
    address = "[https://site.example/dir/other.html?a=1&b=2#top]"
    assert parsed.words() == f"See the other page {address} ."
    assert "a" not in {tag for tag, _ in parsed.elements}


def test_a_javascript_link_shows_its_text_and_no_address():
    assert render('<a href="javascript:alert(1)">go</a>').words() == "go"


@pytest.mark.parametrize(
    "image",
    [
        '<img src="captured.jpg" alt="a cat">',
        '<img src="/dir/captured.jpg#x" alt="a cat">',
        f'<img src="{CAPTURED}" alt="a cat">',
        '<img data-src="captured.jpg" src="spinner.gif" alt="a cat">',
        '<img srcset="small.jpg 1x, captured.jpg 2x" alt="a cat">',
        '<picture><source srcset="captured.jpg"><img src="fallback.jpg" alt="a cat"></picture>',
    ],
)
def test_a_captured_image_shows_as_its_blurred_derivative(image):
    parsed = render(f"<p>{image}</p>")
    [attrs] = [attrs for tag, attrs in parsed.elements if tag == "img"]
    assert attrs == {
        "class": "page-image",
        "src": LOCAL_PATH,
        "data-item": LOCAL_PATH,
        "alt": "a cat",
    }


def test_the_media_the_capture_listed_are_the_ones_found():
    page = '<base href="/other/"><img src="x.jpg"><img srcset="y.jpg 2x"><img data-src="z.jpg">'
    listed = embedded_media(page, PAGE_URL).urls
    media = {url: f"/viewer/items/{number}/blurred" for number, url in enumerate(listed)}
    parsed = Parsed(render_page(page.encode(), PAGE_URL, media))
    assert [attrs["src"] for tag, attrs in parsed.elements if tag == "img"] == list(media.values())


def test_any_other_image_is_a_box_saying_it_was_not_captured():
    parsed = render('<img src="https://elsewhere.example/b.jpg" alt="a <b>dog</b> &amp; ball">')
    assert parsed.elements == [("span", {"class": "page-image-missing"})]
    assert parsed.words() == "Image not captured: a <b>dog</b> & ball"


def test_the_labels_come_from_the_caller():
    labels = PageLabels(image_not_captured="Afbeelding niet opgehaald")
    markup = render_page(b"<img src=elsewhere.png>", PAGE_URL, MEDIA, labels=labels)
    assert Parsed(markup).words() == "Afbeelding niet opgehaald"


def test_a_video_is_a_box_naming_its_item_when_captured():
    media = {"https://site.example/dir/v.webm": "/viewer/items/9/strip"}
    parsed = render('<video><source src="v.webm">Your browser cannot play this</video>', media)
    assert parsed.elements == [
        ("span", {"class": "page-video", "data-item": "/viewer/items/9/strip"})
    ]
    assert parsed.words() == "Video: open it as its own item"
    assert render('<video src="elsewhere.mp4"></video>').words() == "Video not captured"


@pytest.mark.parametrize("path", ["https://cdn.example/x", "//cdn.example/x", "/\\cdn", 'a" x="'])
def test_the_caller_may_give_only_local_paths(path):
    with pytest.raises(ValueError, match="local path"):
        render_page(b"<img src=captured.jpg>", PAGE_URL, {CAPTURED: path})


def test_the_declared_charset_is_used():
    markup = render_page(
        "<p>café</p>".encode("cp1252"), PAGE_URL, {}, content_type="text/html; charset=windows-1252"
    )
    assert Parsed(markup).words() == "café"


def test_hidden_characters_are_shown_as_marks():
    assert render("<p>abc\u202edef\x1b</p>").words() == "abc[U+202E]def[U+001B]"


HOSTILE_PIECES = [
    *HOSTILE.values(),
    "<p>",
    "</p>",
    "<a href='x'>",
    "</a>",
    "<b>",
    "<div>",
    '"',
    "'",
    ">",
    "<",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=8))
def test_any_mixture_of_hostile_pieces_stays_inert(pieces):
    assert_inert(render("".join(pieces)))


def test_plain_text_is_escaped_and_kept_as_it_is():
    shown = render_text(b"line one\n  <script>alert(1)</script> & more\n")
    escaped = "line one\n  &lt;script&gt;alert(1)&lt;/script&gt; &amp; more\n"
    assert shown == f'<pre class="text-copy">{escaped}</pre>'


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("héllo".encode(), "héllo"),
        ("\ufeffhéllo".encode(), "héllo"),
        ("héllo".encode("utf-16"), "héllo"),
        ("héllo".encode("cp1252"), "héllo"),
        (b"\x81\xff", "\ufffdÿ"),
        (b"red \x1b[31m \xe2\x80\xae", "red [U+001B][31m [U+202E]"),
    ],
)
def test_plain_text_is_decoded_safely(data, text):
    assert render_text(data) == f'<pre class="text-copy">{text}</pre>'
