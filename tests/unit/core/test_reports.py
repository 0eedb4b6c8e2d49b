"""Reading pasted URL lines: good lines kept, bad lines explained, limits enforced."""

import pytest

from meldpunt.core.reports import MAX_URLS_PER_REPORT, TooManyUrls, excerpt, read_url_lines
from meldpunt.core.urls import Rejection


def test_good_lines_are_kept_and_bad_lines_explained_by_number():
    text = "https://example.com/a\n\njavascript:alert(1)\nhxxp://example[.]org/b\nfile:///etc/x\n"
    lines = read_url_lines(text)
    assert [no for no, _ in lines.accepted] == [1, 4]
    assert [(e.line_no, e.error.reason) for e in lines.rejected] == [
        (3, Rejection.UNSUPPORTED_SCHEME),
        (5, Rejection.UNSUPPORTED_SCHEME),
    ]


def test_repeats_within_one_paste_count_once():
    lines = read_url_lines("https://example.com/a\nHTTPS://EXAMPLE.COM/a/\n")
    assert len(lines.accepted) == 1


def test_a_paste_over_the_limit_is_refused_whole():
    text = "\n".join(f"https://example.com/{n}" for n in range(10_000))
    with pytest.raises(TooManyUrls) as caught:
        read_url_lines(text)
    assert caught.value.count == 10_000
    assert caught.value.limit == MAX_URLS_PER_REPORT


def test_excerpt_is_short_and_printable():
    shown = excerpt("http://x/" + "\x07" * 200)
    assert len(shown) == 80
    assert "\x07" not in shown
