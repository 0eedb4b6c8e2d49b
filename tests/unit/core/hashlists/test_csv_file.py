"""The CSV list format: one row per entry, older one-hash rows, and every bad row named."""

import base64

from meldpunt.core.hashlists.csv_file import read_csv, write_csv
from meldpunt.core.hashlists.entries import Classification, HashType, ListEntryDraft, ListKind

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "D41D8CD98F00B204E9800998ECF8427E"
SHA1 = "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"
PHOTODNA = base64.b64encode(bytes(range(144))).decode()


def test_export_keeps_each_entry_on_one_row_and_reads_back_whole():
    entries = [
        ListEntryDraft(1, {HashType.PDQ: PDQ, HashType.MD5: MD5.lower()}, Classification.A1),
        ListEntryDraft(2, {HashType.SHA1: SHA1.lower(), HashType.PHOTODNA: PHOTODNA}),
        ListEntryDraft(3, {HashType.SHA256: "ab" * 32}, source_ref="MediaID 7"),
    ]
    written, left_out = write_csv(entries, ListKind.POSITIVE)
    assert left_out == 0
    lines = written.decode().splitlines()
    assert lines[0] == "pdq,md5,sha1,sha256,photodna,classification,reference"
    assert len(lines) == 4
    again = read_csv(written)
    assert again.problems == []
    assert [(e.hashes, e.classification, e.source_ref) for e in again.entries] == [
        (e.hashes, e.classification, e.source_ref) for e in entries
    ]


def test_columns_may_come_in_any_order_and_be_left_out():
    data = f"MD5,classification,pdq\n{MD5},national,{PDQ}\n,,{PDQ[::-1]}\n".encode()
    reading = read_csv(data)
    assert reading.problems == []
    assert [e.hashes for e in reading.entries] == [
        {HashType.MD5: MD5.lower(), HashType.PDQ: PDQ},
        {HashType.PDQ: PDQ[::-1]},
    ]
    assert reading.entries[0].classification is Classification.NATIONAL


def test_entry_rows_name_their_problems():
    data = f"pdq,md5,classification\n{PDQ},{MD5},A9\n,,A1\n{PDQ},{MD5}\n,abcd,\n".encode()
    problems = {p.line_no: p.message for p in read_csv(data).problems}
    assert set(problems) == {2, 3, 4, 5}
    assert "unknown classification 'A9'" in problems[2]
    assert "no hash" in problems[3]
    assert "expected 3 columns as in the header, found 2" in problems[4]
    assert "md5 digest must be 32 hex characters" in problems[5]


def test_a_bad_header_is_the_one_problem_named():
    reading = read_csv(f"pdq,md5,notes\n{PDQ},{MD5},x\n".encode())
    assert [str(p) for p in reading.problems] == [
        "line 1: unknown column 'notes'; the columns are "
        "pdq,md5,sha1,sha256,photodna,classification,reference"
    ]
    assert "name each column once" in read_csv(b"pdq,pdq\n").problems[0].message


def test_older_one_hash_rows_are_still_read():
    data = (
        "hash_type,hash,classification\n"
        f"pdq,{PDQ},A1\nmd5,{MD5},\nsha1,{SHA1},national\nphotodna,{PHOTODNA},B2\n"
    ).encode()
    reading = read_csv(data)
    assert reading.problems == []
    assert reading.entries[0].classification is Classification.A1
    assert reading.entries[1].classification is None
    assert reading.entries[2].hashes == {HashType.SHA1: SHA1.lower()}
    assert len(read_csv(data.split(b"\n", 1)[1]).entries) == 4  # the header is optional


def test_older_one_hash_rows_name_their_problems():
    data = f"pdq,{PDQ},A1\ncrc,abcd,\nmd5,{MD5},A9\nmd5\nsha256,{'0' * 63},\n".encode()
    problems = {p.line_no: p.message for p in read_csv(data).problems}
    assert set(problems) == {2, 3, 4, 5}
    assert "not one of pdq" in problems[2]
    assert "unknown classification 'A9'" in problems[3]
    assert "found 1 columns" in problems[4]
    assert "not hexadecimal" in problems[5] or "64 hex" in problems[5]


def test_malformed_quoting_is_a_line_problem():
    reading = read_csv(f'pdq,{PDQ},A1\nmd5,"{MD5}\n'.encode() + b"x" * 10)
    assert reading.problems and reading.problems[0].line_no >= 2
