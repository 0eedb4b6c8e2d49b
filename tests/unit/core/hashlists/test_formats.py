"""List file formats: what is read is what is written; every bad line is named."""

import base64
import json

import pytest

from meldpunt.core.hashlists.csv_file import read_csv, write_csv
from meldpunt.core.hashlists.entries import (
    Classification,
    HashType,
    ListUnreadable,
)
from meldpunt.core.hashlists.threatexchange_file import read_threatexchange, write_threatexchange
from meldpunt.core.hashlists.vics import read_vics, write_vics

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "D41D8CD98F00B204E9800998ECF8427E"
SHA1 = "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"
PHOTODNA = base64.b64encode(bytes(range(144))).decode()


def hash_sets(reading):
    return sorted(
        (kind.value, value, entry.classification)
        for entry in reading.entries
        for kind, value in entry.hashes.items()
    )


def test_threatexchange_round_trip_with_comments_and_notes():
    data = (
        f"# exported 2026-11-01\n\npdq {PDQ.upper()}\npdq {PDQ[::-1]} case 17\nmd5 {MD5}\n".encode()
    )
    reading = read_threatexchange(data)
    assert reading.problems == []
    assert [e.line_no for e in reading.entries] == [3, 4, 5]
    assert reading.entries[0].hashes == {HashType.PDQ: PDQ}
    assert reading.entries[1].source_ref == "case 17"
    written, left_out = write_threatexchange(reading.entries)
    assert left_out == 0
    assert hash_sets(read_threatexchange(written)) == hash_sets(reading)
    assert read_threatexchange(written).entries[1].source_ref == "case 17"


def test_threatexchange_problems_name_their_lines():
    data = f"pdq {PDQ}\npdq 12ab\nurl https://example.invalid/\npdq\npdq {'zz' * 32}\n".encode()
    problems = {p.line_no: p.message for p in read_threatexchange(data).problems}
    assert set(problems) == {2, 3, 4, 5}
    assert "64 hex characters, not 4" in problems[2]
    assert "not supported" in problems[3]
    assert "signal type and a hash" in problems[4]
    assert "not hexadecimal" in problems[5]


def test_csv_round_trip_keeps_classifications():
    data = (
        "hash_type,hash,classification\n"
        f"pdq,{PDQ},A1\nmd5,{MD5},\nsha1,{SHA1},national\nphotodna,{PHOTODNA},B2\n"
    ).encode()
    reading = read_csv(data)
    assert reading.problems == []
    assert reading.entries[0].classification is Classification.A1
    assert reading.entries[1].classification is None
    assert reading.entries[2].hashes == {HashType.SHA1: SHA1.lower()}
    assert hash_sets(read_csv(write_csv(reading.entries))) == hash_sets(reading)


def test_csv_problems_name_their_lines():
    data = f"pdq,{PDQ},A1\ncrc,abcd,\nmd5,{MD5},A9\nmd5\nsha256,{'0' * 63},\n".encode()
    problems = {p.line_no: p.message for p in read_csv(data).problems}
    assert set(problems) == {2, 3, 4, 5}
    assert "not one of pdq" in problems[2]
    assert "unknown classification 'A9'" in problems[3]
    assert "found 1 columns" in problems[4]
    assert "not hexadecimal" in problems[5] or "64 hex" in problems[5]


def vics_document(*media):
    return json.dumps({"@odata.context": "x", "value": list(media)}).encode()


def test_vics_round_trip_and_category_reading():
    data = vics_document(
        {"MediaID": 10, "Category": 1, "MD5": MD5, "SHA1": SHA1, "PhotoDNA": PHOTODNA},
        {"MediaID": 11, "Category": 3, "MD5": MD5.replace("D", "E")},
        {"MediaID": 12, "Category": 2, "MD5": MD5.replace("D", "F")},
        {"MediaID": 13, "Category": 0, "SHA1": SHA1},
    )
    reading = read_vics(data)
    assert reading.problems == []
    assert (reading.skipped, len(reading.entries)) == (2, 2)
    first, second = reading.entries
    assert first.hashes == {
        HashType.MD5: MD5.lower(),
        HashType.SHA1: SHA1.lower(),
        HashType.PHOTODNA: PHOTODNA,
    }
    assert (first.classification, first.source_category, first.source_ref) == (None, 1, "10")
    assert second.classification is Classification.NATIONAL
    written, left_out = write_vics(reading.entries)
    assert left_out == 0
    again = read_vics(written)
    assert hash_sets(again) == hash_sets(reading)
    assert [e.source_category for e in again.entries] == [1, 3]


def test_vics_one_x_cases_are_read_too():
    data = json.dumps({"value": [{"CaseNumber": "7", "Media": [{"Category": 1, "MD5": MD5}]}]})
    assert len(read_vics(data.encode()).entries) == 1


def test_vics_problems_name_their_records():
    data = vics_document(
        {"Category": 1, "MD5": "abc"},
        {"Category": "1", "MD5": MD5},
        {"Category": 1},
        {"Category": 1, "PhotoDNA": "not base64!"},
        "text",
    )
    problems = {p.line_no: str(p) for p in read_vics(data).problems}
    assert set(problems) == {1, 2, 3, 4, 5}
    assert problems[1].startswith("record 1: md5 digest")
    assert "Category is missing" in problems[2]
    assert "no MD5, SHA1 or PhotoDNA" in problems[3]
    assert "base64" in problems[4]


@pytest.mark.parametrize(
    ("reader", "data", "message"),
    [
        (read_vics, b"{not json", "not valid JSON at line 1"),
        (read_vics, b'{"Media": []}', "not a VICS file"),
        (read_csv, b"md5,\xff\xfe\n", "line 1 is not valid UTF-8"),
        (
            read_threatexchange,
            b"pdq " + PDQ.encode() + b"\npdq \xc3\x28\n",
            "line 2 is not valid UTF-8",
        ),
    ],
)
def test_unreadable_files_say_why(reader, data, message):
    with pytest.raises(ListUnreadable, match=message):
        reader(data)


def test_malformed_csv_quoting_is_a_line_problem():
    reading = read_csv(f'pdq,{PDQ},A1\nmd5,"{MD5}\n'.encode() + b"x" * 10)
    assert reading.problems and reading.problems[0].line_no >= 2
