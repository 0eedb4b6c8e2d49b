"""ThreatExchange files: typed lines, bare hashes of one type, python-threatexchange's CSV,
signal types Meldpunt does not use, and exports that python-threatexchange accepts."""

import pytest

from meldpunt.core.hashlists.entries import HashType, ListEntryDraft, ListKind, for_list
from meldpunt.core.hashlists.threatexchange_file import read_threatexchange, write_threatexchange

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_typed_lines_with_comments_and_notes():
    data = (
        f"# exported 2026-11-01\n\npdq {PDQ.upper()}\npdq {PDQ[::-1]} case 17\n"
        f"video_md5 {MD5}\nvideo_sha256 {SHA256}\nmd5 {MD5[::-1]}\n"
    ).encode()
    reading = read_threatexchange(data)
    assert reading.problems == []
    assert [e.line_no for e in reading.entries] == [3, 4, 5, 6, 7]
    assert [e.hashes for e in reading.entries] == [
        {HashType.PDQ: PDQ},
        {HashType.PDQ: PDQ[::-1]},
        {HashType.MD5: MD5},
        {HashType.SHA256: SHA256},
        {HashType.MD5: MD5[::-1]},
    ]
    assert reading.entries[1].source_ref == "case 17"


def test_signal_types_meldpunt_does_not_use_are_skipped_and_counted():
    data = (
        f"pdq {PDQ}\nurl https://example.invalid/page\nraw_text some words here\n"
        f'raw_text more words\nurl_md5 {MD5}\ntrend_query {{"and": []}}\nvideo_md5 {MD5}\n'
    ).encode()
    reading = read_threatexchange(data)
    assert reading.problems == []
    assert len(reading.entries) == 2
    (skipped,) = reading.skipped
    assert skipped.count == 5
    assert skipped.reason == (
        "signal types Meldpunt does not use (raw_text 2, trend_query 1, url 1, url_md5 1)"
    )


def test_problems_name_their_lines():
    data = f"pdq {PDQ}\npdq 12ab\n{PDQ}\npdq\npdq {'zz' * 32}\n!? what\n".encode()
    problems = {p.line_no: p.message for p in read_threatexchange(data).problems}
    assert set(problems) == {2, 3, 4, 5, 6}
    assert "64 hex characters, not 4" in problems[2]
    assert "no signal type before the hash" in problems[3]
    assert "signal type and a hash" in problems[4]
    assert "not hexadecimal" in problems[5]
    assert "signal type and a hash" in problems[6]


def test_bare_hashes_of_a_given_type():
    data = f"{PDQ}\n\n{PDQ[::-1].upper()} from partner\n".encode()
    reading = read_threatexchange(data, signal_type="pdq")
    assert [e.hashes for e in reading.entries] == [{HashType.PDQ: PDQ}, {HashType.PDQ: PDQ[::-1]}]
    assert reading.entries[1].source_ref == "from partner"
    reading = read_threatexchange(f"{MD5}\n{PDQ}\n".encode(), signal_type="video_md5")
    assert [p.line_no for p in reading.problems] == [2]
    with pytest.raises(ValueError, match="not one of"):
        read_threatexchange(b"", signal_type="url")


def test_csv_of_signals_with_opinions():
    data = (
        "signal_type,signal_str,collab,category,tags\n"
        f"pdq,{PDQ},Partner A,POSITIVE_CLASS,tag1 tag2\n"
        f"video_md5,{MD5},Partner A,NEGATIVE_CLASS,\n"
        f"video_sha256,{SHA256},Partner B,INVESTIGATION_SEED,\n"
        'raw_text,"words, with a comma",Partner B,POSITIVE_CLASS,\n'
        f"pdq,{PDQ[::-1]},Partner B,,\n"
    ).encode()
    reading = read_threatexchange(data)
    assert reading.problems == []
    assert [e.source_ref for e in reading.entries] == ["Partner A"] * 2 + ["Partner B"] * 2
    assert [s.count for s in reading.skipped] == [1]
    positive = for_list(reading, ListKind.POSITIVE)
    assert [next(iter(e.hashes)) for e in positive.entries] == [
        HashType.PDQ,
        HashType.SHA256,
        HashType.PDQ,
    ]
    negative = for_list(reading, ListKind.NEGATIVE)
    assert [e.hashes for e in negative.entries] == [{HashType.MD5: MD5}, {HashType.PDQ: PDQ[::-1]}]
    reasons = [s.reason for s in negative.skipped]
    assert "ThreatExchange opinion POSITIVE_CLASS, which does not belong on a negative list" in (
        reasons
    )


def test_csv_problems_name_their_lines():
    data = (
        "signal_type,signal_str,collab,category,tags\n"
        f"pdq,{PDQ},A,POSITIVE_CLASS\n"
        f"pdq,{PDQ},A,MAYBE,\n"
        "pdq,abc,A,,\n"
    ).encode()
    problems = {p.line_no: p.message for p in read_threatexchange(data).problems}
    assert set(problems) == {2, 3, 4}
    assert "found 4 columns" in problems[2]
    assert "category column must be empty or one of" in problems[3]
    assert "64 hex characters" in problems[4]


def test_the_opinion_printed_after_a_signal_is_read():
    data = f"pdq {PDQ} 'Sample Signals' NEGATIVE_CLASS\n".encode()
    (entry,) = read_threatexchange(data).entries
    assert entry.opinion is not None and entry.opinion.fits is ListKind.NEGATIVE


def test_export_writes_python_threatexchange_names_one_signal_a_line_without_notes():
    entries = [
        ListEntryDraft(1, {HashType.PDQ: PDQ, HashType.MD5: MD5}, source_ref="case 9"),
        ListEntryDraft(2, {HashType.SHA256: SHA256}),
        ListEntryDraft(3, {HashType.SHA1: "ab" * 20}),
    ]
    written, left_out = write_threatexchange(entries, ListKind.POSITIVE)
    assert left_out == 1
    assert written.decode().splitlines() == [
        f"pdq {PDQ}",
        f"video_md5 {MD5}",
        f"video_sha256 {SHA256}",
    ]
    assert [e.hashes for e in read_threatexchange(written).entries] == [
        {HashType.PDQ: PDQ},
        {HashType.MD5: MD5},
        {HashType.SHA256: SHA256},
    ]
