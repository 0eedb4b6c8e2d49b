"""Every list format: what is written reads back as the same entries; unreadable files say why."""

import base64

import pytest

from meldpunt.core.hashlists.entries import (
    Classification,
    HashType,
    ListEntryDraft,
    ListKind,
    ListUnreadable,
    for_list,
)
from meldpunt.core.hashlists.formats import FORMATS, bare_signals, format_for

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
PHOTODNA = base64.b64encode(bytes(range(144))).decode()

# What each format carries: CSV everything; VICS MD5, SHA1 and PhotoDNA; ThreatExchange one
# PDQ, MD5 or SHA-256 signal a line, and no classification.
ENTRIES = {
    "csv": [
        ListEntryDraft(1, {HashType.PDQ: PDQ, HashType.MD5: MD5}, Classification.A1),
        ListEntryDraft(2, {HashType.SHA1: SHA1, HashType.PHOTODNA: PHOTODNA}),
        ListEntryDraft(3, {HashType.SHA256: "ab" * 32}, Classification.NATIONAL),
    ],
    "vics": [
        ListEntryDraft(1, {HashType.MD5: MD5, HashType.SHA1: SHA1, HashType.PHOTODNA: PHOTODNA}),
        ListEntryDraft(2, {HashType.SHA1: "ef" * 20}, Classification.NATIONAL),
        ListEntryDraft(3, {HashType.MD5: "0" * 32}),
    ],
    "threatexchange": [
        ListEntryDraft(1, {HashType.PDQ: PDQ}),
        ListEntryDraft(2, {HashType.MD5: MD5}),
        ListEntryDraft(3, {HashType.SHA256: "ab" * 32}),
    ],
}


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_what_is_written_reads_back_as_the_same_entries(format_name):
    written, left_out = FORMATS[format_name].write(ENTRIES[format_name], ListKind.POSITIVE)
    assert left_out == 0
    reading = for_list(FORMATS[format_name].read(written), ListKind.POSITIVE)
    assert reading.problems == [] and reading.skipped == ()
    assert [(e.hashes, e.classification) for e in reading.entries] == [
        (e.hashes, e.classification) for e in ENTRIES[format_name]
    ]


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_a_negative_list_reads_back_into_a_negative_list(format_name):
    benign = [ListEntryDraft(e.line_no, e.hashes) for e in ENTRIES[format_name]]
    written, _ = FORMATS[format_name].write(benign, ListKind.NEGATIVE)
    reading = for_list(FORMATS[format_name].read(written), ListKind.NEGATIVE)
    assert [e.hashes for e in reading.entries] == [e.hashes for e in benign]


@pytest.mark.parametrize(
    ("format_name", "data", "message"),
    [
        ("vics", b"{not json", "not valid JSON at line 1"),
        ("csv", b"md5,\xff\xfe\n", "line 1 is not valid UTF-8"),
        ("threatexchange", b"pdq " + PDQ.encode() + b"\npdq \xc3\x28\n", "line 2 is not valid"),
    ],
)
def test_unreadable_files_say_why(format_name, data, message):
    with pytest.raises(ListUnreadable, match=message):
        FORMATS[format_name].read(data)


def test_formats_are_guessed_from_the_file_name():
    assert [format_for(n).name for n in ("a.JSON", "b.csv", "c.txt", "d")] == [
        "vics",
        "csv",
        "threatexchange",
        "threatexchange",
    ]
    assert bare_signals("video_sha256").read(b"ab" * 32).entries[0].hashes == {
        HashType.SHA256: "ab" * 32
    }
    with pytest.raises(ValueError, match="not one of"):
        bare_signals("url")
