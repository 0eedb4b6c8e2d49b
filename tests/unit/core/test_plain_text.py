"""Plain text: control, format and bidi characters are refused, and named, in every field."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldpunt.core.plain_text import (
    REFUSED_CATEGORIES,
    HiddenCharacter,
    check_plain_text,
    first_hidden_character,
)


@pytest.mark.parametrize(
    ("text", "position", "codepoint"),
    [
        ("\x1b[31mred", 1, "U+001B"),  # an ANSI escape
        ("ding\x07", 5, "U+0007"),  # the bell
        ("a\x00b", 2, "U+0000"),
        ("abc\u202egpj.exe", 4, "U+202E"),  # RIGHT-TO-LEFT OVERRIDE
        ("x\u2066y\u2069", 2, "U+2066"),  # LEFT-TO-RIGHT ISOLATE
        ("\u2067", 1, "U+2067"),
        ("\u2068", 1, "U+2068"),
        ("zero\u200bwidth", 5, "U+200B"),
        ("soft\u00adhyphen", 5, "U+00AD"),
        ("c1\x85control", 3, "U+0085"),
        ("del\x7f", 4, "U+007F"),
        ("line\u2028separator", 5, "U+2028"),
        ("tag\U000e0041", 4, "U+E0041"),
        ("lone \ud800 surrogate", 6, "U+D800"),
        ("tab\there", 4, "U+0009"),  # one-line fields hold no tab
        ("two\nlines", 4, "U+000A"),
    ],
)
def test_hidden_characters_are_refused_and_named(text, position, codepoint):
    with pytest.raises(HiddenCharacter) as caught:
        check_plain_text(text)
    assert (caught.value.position, caught.value.codepoint) == (position, codepoint)
    assert codepoint in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "Found on a forum, page 3",
        "Gevonden via een zoekopdracht: ‘foto’s’",
        "Trouvé sur un réseau social — « lien »",
        "שלום עולם",  # right-to-left script is fine; only the invisible controls are not
        "مرحبا",
        "日本語のテキスト",
        "emoji 🙂",
        "a\u00a0b",  # a no-break space is visible as a space
        "",
    ],
)
def test_ordinary_text_in_any_script_is_accepted(text):
    assert check_plain_text(text) == text


def test_a_multi_line_field_holds_tabs_and_line_breaks_but_no_other_controls():
    text = "first line\r\nsecond\tline\nthird"
    assert check_plain_text(text, multiline=True) == text
    with pytest.raises(HiddenCharacter) as caught:
        check_plain_text("first\rhidden", multiline=True)  # a lone CR overwrites on a terminal
    assert caught.value.codepoint == "U+000D"
    with pytest.raises(HiddenCharacter):
        check_plain_text("ok\n\x1b[2J", multiline=True)
    with pytest.raises(HiddenCharacter):
        check_plain_text("ok\n\u202e", multiline=True)


@given(st.text())
def test_the_quick_path_agrees_with_the_full_rule(text):
    import unicodedata

    refused = [i for i, c in enumerate(text) if unicodedata.category(c) in REFUSED_CATEGORIES]
    found = first_hidden_character(text)
    assert found == ((refused[0] + 1, text[refused[0]]) if refused else None)
