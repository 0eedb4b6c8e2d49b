"""Refanging: every usual defanged spelling is read back, and no real address is changed."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meldpunt.core.refang import refang
from meldpunt.core.urls import Rejection, UrlRejected, normalise_url


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the scheme
        ("hxxp://example.com/a", "http://example.com/a"),
        ("hXXp://example.com/a", "http://example.com/a"),
        ("hxxps://example.com/a", "https://example.com/a"),
        ("HXXPS://example.com/a", "https://example.com/a"),
        ("h**p://example.com/a", "http://example.com/a"),
        ("xxxx://example.com/a", "http://example.com/a"),
        ("xxxxs://example.com/a", "https://example.com/a"),
        ("[http]://example.com/a", "http://example.com/a"),
        ("(http)://example.com/a", "http://example.com/a"),
        ("[https]://example.com/a", "https://example.com/a"),
        ("http ://example.com/a", "http://example.com/a"),
        ("http:// example.com/a", "http://example.com/a"),
        ("hxxps[://]example.com/a", "https://example.com/a"),
        ("hxxp[:]//example.com/a", "http://example.com/a"),
        # the dots
        ("http://example[.]com/a", "http://example.com/a"),
        ("http://example(.)com/a", "http://example.com/a"),
        ("http://example{.}com/a", "http://example.com/a"),
        ("http://example[dot]com/a", "http://example.com/a"),
        ("http://example(dot)com/a", "http://example.com/a"),
        ("http://example DOT com/a", "http://example.com/a"),
        ("http://example dot com/a", "http://example.com/a"),
        ("http://example-dot-com/a", "http://example.com/a"),
        ("http://www-dot-example-dot-co-dot-uk/", "http://www.example.co.uk/"),
        ("http://example\\.com/a", "http://example.com/a"),
        ("www[.]example[.]co[.]uk/a", "www.example.co.uk/a"),
        # a dash, user info, a port
        ("http://my[-]example.com/a", "http://my-example.com/a"),
        ("http://user(at)example.com/a", "http://user@example.com/a"),
        ("http://user[@]example.com/a", "http://user@example.com/a"),
        ("http://example[.]com[:]8080/a", "http://example.com:8080/a"),
        # commas for dots in an IP address, with or without user info and port
        ("hxxp://192,0,2,1/", "http://192.0.2.1/"),
        ("hxxp://user(at)192,0,2,1:8080/a", "http://user@192.0.2.1:8080/a"),
        # a defanged path, and the slash itself
        ("hxxps://example[.]com/photo[.]jpg", "https://example.com/photo.jpg"),
        ("example[.]com[/]a", "example.com/a"),
    ],
)
def test_each_defanged_spelling_is_read_back(text, expected):
    assert refang(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://polka-dot-shop.com/",  # "-dot-" in a real name
        "https://example.com/how-to-dot-your-i",  # and in a path
        "https://example.com/a?ids=1,2,3",  # commas in a query
        "https://example.com/a?ip=192,0,2,1",  # even ones that look like an address
        "https://example.com/a(at)b",  # "(at)" outside the user info
        "https://example.com/wiki/Dot_(disambiguation)",
        "https://example.com/search?q=hxxp",
        "https://example.com/a?re=^x",  # the library would read "^x" as a dot
        "https://example.com/fooATbar",  # and "ATb" as "@"
        "https://hAMpster.com/",  # and "hAMps" as "https"
        "https://example.com/the%20dot%20matrix",
        "http://[2001:db8::1]:8080/a",
        "http://198.51.100.7:8080/",
        "https://xn--bcher-kva.de/%C3%A4",
        "https://example.com/redirect?to=http://example.org/",
    ],
)
def test_real_addresses_are_left_as_they_are(text):
    assert refang(text) == text


def test_a_name_with_a_real_dash_dot_dash_keeps_it_when_the_rest_is_defanged():
    assert normalise_url("hxxps://polka-dot-shop[.]com/").url == "https://polka-dot-shop.com/"


def test_a_defanged_unsupported_scheme_is_still_refused():
    with pytest.raises(UrlRejected) as caught:
        normalise_url("fxp://example[.]com/x")
    assert caught.value.reason is Rejection.UNSUPPORTED_SCHEME


_LABELS = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?\Z").filter(lambda s: "dot" not in s)
_SCHEMES = {
    "http": ["http://", "hxxp://", "hXXp://", "[http]://", "(http)://", "http ://", "http:// "],
    "https": ["https://", "hxxps://", "hxxps[://]", "[https]://", "xxxxs://", "HXXPS://"],
}
_DOTS = st.sampled_from(["[.]", "(.)", "{.}", "[dot]", "(dot)", " DOT ", "-dot-", "\\.", "."])
_PATHS = st.from_regex(r"\A(/[a-zA-Z0-9_~,;=!$'*+:@-]{0,12}){0,3}(\?[a-z0-9=&,]{0,12})?\Z")


@st.composite
def defanged_addresses(draw):
    """A public address, and the same address defanged the way reporters do it: one way of
    writing the dots throughout, as "-dot-" beside real dots could be part of the name."""
    scheme = draw(st.sampled_from(sorted(_SCHEMES)))
    labels = draw(st.lists(_LABELS, min_size=1, max_size=3))
    labels += draw(st.sampled_from([["com"], ["nl"], ["co", "uk"]]))
    path = draw(_PATHS)
    plain = f"{scheme}://{'.'.join(labels)}{path}"
    host = draw(_DOTS).join(labels)
    return plain, draw(st.sampled_from(_SCHEMES[scheme])) + host + path


@settings(max_examples=400, deadline=None)
@given(defanged_addresses())
def test_a_defanged_address_joins_the_case_of_the_plain_one(pair):
    plain, defanged = pair
    try:
        expected = normalise_url(plain)
    except UrlRejected:
        assume(False)
    assert normalise_url(defanged).url == expected.url


@settings(max_examples=300, deadline=None)
@given(defanged_addresses())
def test_canonical_addresses_are_left_as_they_are(pair):
    try:
        canonical = normalise_url(pair[0]).url
    except UrlRejected:
        assume(False)
    assert refang(canonical) == canonical
