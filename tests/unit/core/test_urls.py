"""The URL normaliser: refanging, canonical form, dedup keys, and hostile input."""

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.provisional import urls as url_strategy

from meldpunt.core.plain_text import HiddenCharacter, check_plain_text
from meldpunt.core.urls import (
    CLIENT_URL_PATTERN,
    MAX_URL_LENGTH,
    Rejection,
    UrlRejected,
    canonical_host,
    normalise_url,
    refang,
    registrable_domain,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hxxp://example[.]com/a", "http://example.com/a"),
        ("hXXps://example(.)org/x", "https://example.org/x"),
        ("hxxps[://]www[.]example[.]nl/p", "https://www.example.nl/p"),
        ("example[dot]com/x", "example.com/x"),
        ("http://example{.}com[:]8080/", "http://example.com:8080/"),
    ],
)
def test_refang_undoes_common_defanging(text, expected):
    assert refang(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://Example.COM/a/b", "https://example.com/a/b"),
        ("example.com/x", "http://example.com/x"),
        ("//example.com/x", "http://example.com/x"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("http://example.com/a/./b/../c", "http://example.com/a/c"),
        ("http://example.com/%7euser/%e2%82%ac", "http://example.com/~user/%E2%82%AC"),
        ("http://bücher.de/ä", "http://xn--bcher-kva.de/%C3%A4"),
        ("http://example.com./x", "http://example.com/x"),
        ("http://2130706433/", "http://127.0.0.1/"),
        ("http://0x7f.1/", "http://127.0.0.1/"),
        ("http://0177.0.0.1/", "http://127.0.0.1/"),
        ("http://[::FFFF:7F00:1]/", "http://[::ffff:7f00:1]/"),
        ("http://example.com/a?b=%3d&c=d#frag", "http://example.com/a?b=%3D&c=d#frag"),
        ("http://abcdefghijklmnop.onion/x", "http://abcdefghijklmnop.onion/x"),
    ],
)
def test_normalise_gives_one_canonical_form(text, expected):
    assert normalise_url(text).url == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("javascript:alert(1)", Rejection.UNSUPPORTED_SCHEME),
        ("JAVASCRIPT:alert(1)", Rejection.UNSUPPORTED_SCHEME),
        ("file:///etc/passwd", Rejection.UNSUPPORTED_SCHEME),
        ("data:text/html,hi", Rejection.UNSUPPORTED_SCHEME),
        ("ftp://example.com/x", Rejection.UNSUPPORTED_SCHEME),
        ("mailto:someone@example.com", Rejection.UNSUPPORTED_SCHEME),
        ("http://" + "a" * MAX_URL_LENGTH + ".com/", Rejection.TOO_LONG),
        ("http://exa mple.com/", Rejection.CONTROL_CHARACTERS),
        ("http://example.com/\x00", Rejection.CONTROL_CHARACTERS),
        ("http://", Rejection.MISSING_HOST),
        ("http://?x=1", Rejection.MISSING_HOST),
        ("http://exa_mple!.com/", Rejection.INVALID_HOST),
        ("http://999.1.1.1/", Rejection.INVALID_HOST),
        ("http://intranet/", Rejection.NOT_PUBLIC_NAME),
        ("http://example.com:99999/", Rejection.INVALID_PORT),
        ("http://[::1/", Rejection.INVALID_HOST),
        ("http://[::%31]/", Rejection.INVALID_HOST),  # a zone identifier names no host
        ("http://[fe80::1%25eth0]/", Rejection.INVALID_HOST),
        ("http://ex%25ample.com/", Rejection.INVALID_HOST),
        ("http://example.com:8o/", Rejection.INVALID_PORT),
        ("http://exa\u202emple.com/", Rejection.CONTROL_CHARACTERS),  # a bidi override
        ("http://example.com/\x1b[31m", Rejection.CONTROL_CHARACTERS),  # an ANSI escape
        ("   ", Rejection.EMPTY),
    ],
)
def test_hostile_or_broken_lines_are_rejected_with_a_reason(text, reason):
    with pytest.raises(UrlRejected) as caught:
        normalise_url(text)
    assert caught.value.reason is reason
    assert caught.value.explanation


def test_dedup_key_ignores_case_trailing_slash_scheme_port_fragment_and_order():
    variants = [
        "https://example.com/images/photo.jpg?a=1&b=2",
        "HTTPS://EXAMPLE.COM/IMAGES/PHOTO.JPG/?a=1&b=2",
        "http://example.com:80/images/photo.jpg?b=2&a=1#x",
        "hxxps://example[.]com/images/photo.jpg/?a=1&b=2",
    ]
    assert len({normalise_url(v).dedup_key for v in variants}) == 1


def test_different_paths_and_hosts_keep_different_keys():
    keys = {
        normalise_url(u).dedup_key
        for u in [
            "https://example.com/a.jpg",
            "https://example.com/b.jpg",
            "https://www.example.com/a.jpg",
            "https://example.com:8443/a.jpg",
            "https://example.com/a.jpg?x=1",
        ]
    }
    assert len(keys) == 5


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("a.b.example.co.uk", "example.co.uk"),
        ("someone.blogspot.com", "someone.blogspot.com"),
        ("www.example.com", "example.com"),
        ("someone.github.io", "someone.github.io"),
        ("127.0.0.1", "127.0.0.1"),
        ("::1", "::1"),
        ("github.io", ""),  # itself a public suffix: nobody registers it
        ("uk.com", ""),
        ("co.uk", ""),
    ],
)
def test_registrable_domain_uses_the_public_suffix_list(host, expected):
    assert registrable_domain(host) == expected


def test_a_host_that_is_a_public_suffix_is_taken_in_without_a_registrable_domain():
    url = normalise_url("https://github.io/x")
    assert (url.host, url.registrable_domain) == ("github.io", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://ex%61mple.com/a", "http://example.com/a"),  # percent-encoded host
        ("http://%65%78%61%6d%70%6c%65.com/", "http://example.com/"),
        ("http://\uff11\uff19\uff18.51.100.7/", "http://198.51.100.7/"),  # full-width digits
        ("http://\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com/", "http://example.com/"),
        ("http://www.example\u3002com/", "http://www.example.com/"),  # ideographic full stop
        ("http://0x/", "http://0.0.0.0/"),  # a bare 0x is the number 0
        ("http://0x.0x.0/", "http://0.0.0.0/"),
        ("http://192.0x00A80001/", "http://192.168.0.1/"),
        ("http:\\\\example.com\\a\\b", "http://example.com/a/b"),  # backslashes
        ("http://example.com\\a", "http://example.com/a"),
        ("https:example.com/x", "https://example.com/x"),
        ("http:/example.com/x", "http://example.com/x"),
        ("http:///example.com/x", "http://example.com/x"),
        ("http://fa\u00df.de/", "http://xn--fa-hia.de/"),  # UTS 46, not IDNA 2003's fass.de
        ("http://user@host@example.com/", "http://user%40host@example.com/"),
        ("http://example.com/foo%", "http://example.com/foo%"),  # sent as typed
        ("http://example.com/a/%2e%2E/b", "http://example.com/b"),
        ("example.com/go?to=http://example.org/", "http://example.com/go?to=http://example.org/"),
    ],
)
def test_addresses_are_read_as_a_browser_reads_them(text, expected):
    assert normalise_url(text).url == expected


@settings(max_examples=300, deadline=None)
@given(url_strategy())
def test_the_canonical_form_has_one_reading_for_every_parser(url):
    """The fetcher splits canonical URLs with urllib: it must find the host the WHATWG parser
    found, so that what Meldpunt fetches is what a browser would."""
    try:
        result = normalise_url(url)
    except UrlRejected:
        return
    parts = urlsplit(result.url)
    assert parts.hostname == result.host
    assert canonical_host(parts.hostname) == result.host


@settings(max_examples=300, deadline=None)
@given(url_strategy())
def test_normalising_twice_changes_nothing(url):
    try:
        once = normalise_url(url)
    except UrlRejected:
        return
    twice = normalise_url(once.url)
    assert twice == once


@settings(max_examples=300, deadline=None)
@given(url_strategy())
def test_defanged_and_case_variants_join_the_same_case(url):
    try:
        original = normalise_url(url)
    except UrlRejected:
        return
    defanged = original.url.replace("http", "hxxp", 1).replace(".", "[.]", 1)
    assert normalise_url(defanged).dedup_key == original.dedup_key
    host_upper = original.url.replace(original.host, original.host.upper(), 1)
    assert normalise_url(host_upper).dedup_key == original.dedup_key


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_either_a_url_or_a_clear_rejection(text):
    try:
        result = normalise_url(text)
    except UrlRejected as error:
        rejection = error
    else:
        rejection = None
    if rejection is not None:
        assert rejection.reason in Rejection
        return
    assert result.url.startswith(("http://", "https://"))
    assert len(result.url) <= MAX_URL_LENGTH
    assert len(result.dedup_key) == 64


def test_garbled_text_from_a_bad_encoding_is_refused():
    garbled = b"https://example.com/\xff\xfe.jpg".decode("utf-8", errors="replace")
    with pytest.raises(UrlRejected) as caught:
        normalise_url(garbled)
    assert caught.value.reason is Rejection.CONTROL_CHARACTERS


_PREFIXES = [
    *("http://", "https://", "HTTP://", "hxxp://", "hXXps://", "h**p://", "hZZp://", "htXp://"),
    *("xxxx://", "xxxxs://", "xxxxx://", "[http]://", "(https)://", "{http}://", "[ http ]://"),
    *("((http))://", "http ://", "http: //", "http:// ", "hxxps[://]", "hxxp[:]//", "http:\\\\"),
    *("https:", "http:/", "//", "\u00a0http://", "\u3000", "", "ftp://", "fxp://", "javascript:"),
    *("data:", "file:///", "mailto:", "localhost:", "user:pass@", "view-source:http://", "www."),
]
_RESTS = st.one_of(
    st.from_regex(r"\A[a-z0-9.\-\[\]()]{1,20}(\.com|\.nl|\[\.\]org)(:[0-9]{1,5})?(/[a-z/.]*)?\Z"),
    st.text(max_size=30),
)


@settings(max_examples=1000, deadline=None)
@given(
    st.one_of(
        st.text(max_size=60),
        url_strategy(),
        st.tuples(st.sampled_from(_PREFIXES), _RESTS).map("".join),
    )
)
def test_every_address_taken_in_matches_the_pattern_clients_are_given(text):
    """The partner API's schema gives clients CLIENT_URL_PATTERN to check before sending: it
    must never refuse what Meldpunt takes in."""
    try:
        check_plain_text(text)
        normalise_url(text)
    except (HiddenCharacter, UrlRejected):
        return
    assert re.match(CLIENT_URL_PATTERN, text)
    assert 1 <= len(text) <= MAX_URL_LENGTH


@pytest.mark.parametrize(
    "text", ["[2620:fe::fe]/x", "[2001:db8::1]:8080/a.jpg", "hxxp://[2001:db8::1]/a"]
)
def test_the_client_pattern_takes_bare_ipv6_hosts_as_intake_does(text):
    normalise_url(text)
    assert re.match(CLIENT_URL_PATTERN, text)


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "[javascript:]alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "ftp://example.com/",
        "mailto:a@example.com",
        "view-source:http://example.com/",
    ],
)
def test_the_client_pattern_refuses_other_schemes(text):
    assert not re.match(CLIENT_URL_PATTERN, text)
