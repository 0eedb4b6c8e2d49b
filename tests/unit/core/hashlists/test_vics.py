"""VICS files as real exporters write them: text and missing categories, AlternativeHashes,
known-benign sets, and broken files that get a clear error instead of a traceback."""

import base64
import json

import pytest

from meldpunt.core.hashlists.entries import (
    Classification,
    HashType,
    ListKind,
    ListUnreadable,
    for_list,
)
from meldpunt.core.hashlists.vics import read_vics, write_vics

MD5 = "D41D8CD98F00B204E9800998ECF8427E"
SHA1 = "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"
PHOTODNA = base64.b64encode(bytes(range(144))).decode()


def md5(n):
    return f"{n:032x}"


def vics_document(*media):
    return json.dumps({"@odata.context": "x", "value": list(media)}).encode()


def skipped(reading):
    return {s.reason: s.count for s in reading.skipped}


def test_categories_as_numbers_as_text_missing_or_null_are_read_and_counted():
    reading = read_vics(
        vics_document(
            {"MediaID": 1, "Category": 1, "MD5": md5(1)},
            {"MediaID": 2, "Category": "1", "MD5": md5(2)},
            {"MediaID": 3, "Category": " 3 ", "MD5": md5(3)},
            {"MediaID": 4, "MD5": md5(4)},
            {"MediaID": 5, "Category": None, "MD5": md5(5)},
            {"MediaID": 6, "Category": "", "MD5": md5(6)},
            {"MediaID": 7, "Category": 2, "MD5": md5(7)},
            {"MediaID": 8, "Category": 4, "MD5": md5(8)},
            {"MediaID": 9, "Category": 9, "MD5": md5(9)},
        )
    )
    assert reading.problems == []
    assert [e.media_id for e in reading.entries] == [1, 2, 3]
    assert [e.classification for e in reading.entries] == [None, None, Classification.NATIONAL]
    assert skipped(reading) == {
        "uncategorised (no Category)": 3,
        "VICS category 2 (exploitive or age-difficult)": 1,
        "VICS category 4 (comparison)": 1,
        "category 9, which VICS 2.0 does not define": 1,
    }


def test_photodna_in_alternative_hashes_is_read():
    reading = read_vics(
        vics_document(
            {
                "MediaID": 10,
                "Category": 1,
                "MD5": MD5,
                "AlternativeHashes": [
                    {"HashName": "PhotoDNA", "HashValue": PHOTODNA},
                    {"HashName": "SHA1", "HashValue": SHA1},
                    {"HashName": "FuzzyHash", "HashValue": "not ours, not read"},
                ],
            },
            {"Category": 1, "AlternativeHashes": [{"HashName": "photodna", "HashValue": PHOTODNA}]},
        )
    )
    assert reading.problems == []
    assert reading.entries[0].hashes == {
        HashType.MD5: MD5.lower(),
        HashType.PHOTODNA: PHOTODNA,
        HashType.SHA1: SHA1.lower(),
    }
    assert reading.entries[1].hashes == {HashType.PHOTODNA: PHOTODNA}


def test_a_known_benign_set_fits_a_negative_list_and_not_a_positive_one():
    benign = read_vics(
        vics_document(*({"MediaID": n, "Category": 0, "SHA1": f"{n:040x}"} for n in range(1, 4)))
    )
    negative = for_list(benign, ListKind.NEGATIVE)
    assert len(negative.entries) == 3 and negative.skipped == ()
    assert all(e.classification is None for e in negative.entries)
    positive = for_list(benign, ListKind.POSITIVE)
    assert positive.entries == []
    assert skipped(positive) == {
        "VICS category 0 (not pertinent: known benign), which does not belong on a positive list": 3
    }


def test_abuse_records_never_reach_a_negative_list():
    mixed = read_vics(
        vics_document(
            {"Category": 0, "MD5": md5(1)},
            {"Category": 1, "MD5": md5(2)},
            {"Category": 3, "MD5": md5(3)},
        )
    )
    negative = for_list(mixed, ListKind.NEGATIVE)
    assert [e.hashes[HashType.MD5] for e in negative.entries] == [md5(1)]
    assert sum(s.count for s in negative.skipped) == 2
    assert all("does not belong on a negative list" in s.reason for s in negative.skipped)


def test_problems_name_their_records():
    data = vics_document(
        {"Category": 1, "MD5": "abc"},
        {"Category": 1.5, "MD5": MD5},
        {"Category": 1},
        {"Category": 1, "PhotoDNA": "not base64!"},
        "text",
        {"Category": True, "MD5": MD5},
        {"Category": 1, "MD5": ["not", "text"]},
        {"Category": 1, "MediaID": -4, "MD5": MD5},
        {"Category": 1, "MediaID": {"a": 1}, "MD5": MD5},
        {"Category": 1, "MD5": MD5, "AlternativeHashes": {"HashName": "PhotoDNA"}},
        {"Category": 1, "MD5": MD5, "AlternativeHashes": [{"HashName": "MD5", "HashValue": SHA1}]},
        {
            "Category": 1,
            "MD5": MD5,
            "AlternativeHashes": [{"HashName": "MD5", "HashValue": "0" * 32}],
        },
    )
    problems = {p.line_no: str(p) for p in read_vics(data).problems}
    assert set(problems) == set(range(1, 13))
    assert problems[1].startswith("record 1: md5 digest")
    assert "Category must be a whole number such as 1, not a decimal number" in problems[2]
    assert "no MD5, SHA1 or PhotoDNA" in problems[3]
    assert "base64" in problems[4]
    assert "must be a JSON object, not text" in problems[5]
    assert "not true or false" in problems[6]
    assert "MD5 must be text, not a list" in problems[7]
    assert "MediaID must be a whole number" in problems[8]
    assert "not an object" in problems[9]
    assert "AlternativeHashes must be a list" in problems[10]
    assert "must be 32 hex characters, not 40" in problems[11]
    assert "two different MD5 hashes" in problems[12]


def test_huge_numbers_are_named_not_converted():
    data = b'{"value": [{"Category": 1' + b"0" * 5000 + b', "MD5": "' + MD5.encode() + b'"}]}'
    (problem,) = read_vics(data).problems
    assert str(problem) == (
        "record 1: Category must be a whole number such as 1, not a number of 5001 digits"
    )
    data = b'{"value": [{"Category": 1, "MediaID": 99999999999999999999, "MD5": "' + MD5.encode()
    (problem,) = read_vics(data + b'"}]}').problems
    assert "MediaID must be a whole number from 0 to 2^63-1, not a number of 20 digits" in str(
        problem
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON at line 1"),
        (b'{"Media": []}', "not a VICS file"),
        (b"[1, 2]", "not a VICS file"),
        (b'{"value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"value": 1e999}', "not a VICS file"),
    ],
)
def test_unreadable_files_say_why(data, message):
    with pytest.raises(ListUnreadable, match=message):
        read_vics(data)


def test_one_x_cases_are_read_and_a_broken_case_is_named():
    data = json.dumps(
        {
            "value": [
                {"CaseNumber": "7", "Media": [{"Category": 1, "MD5": MD5}]},
                {"CaseNumber": "8", "Media": 5},
                {"CaseNumber": "9", "Media": [{"Category": 1, "MD5": "zz"}]},
            ]
        }
    )
    reading = read_vics(data.encode())
    assert len(reading.entries) == 1
    assert sorted(str(p) for p in reading.problems) == [
        "case 2: a Case needs a Media list",
        "record 2: md5 digest is not hexadecimal",
    ]


def test_export_keeps_media_ids_and_carries_photodna_as_an_alternative_hash():
    reading = read_vics(
        vics_document(
            {"MediaID": 70, "Category": 1, "MD5": MD5, "PhotoDNA": PHOTODNA},
            {"MediaID": 12, "Category": 3, "SHA1": SHA1},
            {"Category": 1, "MD5": md5(5)},
        )
    )
    written, left_out = write_vics(reading.entries, ListKind.POSITIVE)
    assert left_out == 0
    media = json.loads(written)["value"]
    assert [(m["MediaID"], m["Category"]) for m in media] == [(70, 1), (12, 3), (71, 1)]
    assert media[0]["AlternativeHashes"] == [{"HashName": "PhotoDNA", "HashValue": PHOTODNA}]
    again = read_vics(written)
    assert [e.hashes for e in again.entries] == [e.hashes for e in reading.entries]


def test_export_gives_a_media_id_taken_twice_a_new_number():
    first = read_vics(vics_document({"MediaID": 1, "Category": 1, "MD5": md5(1)}))
    second = read_vics(vics_document({"MediaID": 1, "Category": 1, "MD5": md5(2)}))
    written, _ = write_vics(first.entries + second.entries, ListKind.POSITIVE)
    assert [m["MediaID"] for m in json.loads(written)["value"]] == [1, 2]


def test_a_negative_list_exports_as_category_zero():
    benign = read_vics(vics_document({"MediaID": 3, "Category": 0, "MD5": MD5}))
    written, _ = write_vics(benign.entries, ListKind.NEGATIVE)
    assert json.loads(written)["value"][0]["Category"] == 0
    assert for_list(read_vics(written), ListKind.NEGATIVE).entries[0].media_id == 3


def test_entries_with_no_vics_hash_are_counted_as_left_out():
    from meldpunt.core.hashlists.entries import ListEntryDraft

    only_pdq = ListEntryDraft(1, {HashType.PDQ: "ab" * 32})
    written, left_out = write_vics([only_pdq], ListKind.POSITIVE)
    assert left_out == 1 and json.loads(written)["value"] == []


@pytest.mark.parametrize("category", ["²", "1" * 30, "-1", "one", "1.0"])
def test_text_that_is_not_a_plain_number_is_a_problem(category):
    (problem,) = read_vics(vics_document({"Category": category, "MD5": MD5})).problems
    assert str(problem) == "record 1: Category must be a whole number such as 1, not text"
