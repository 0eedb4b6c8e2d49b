"""Exact-digest lookup: found by any algorithm, once per entry, through adds and removes."""

import hashlib

import pytest

from meldpunt.core.hashing.digests import digest_chunks
from meldpunt.core.matching.digests import DigestIndex, DigestMatch, parse_digest


def entries_for(entry_id: int, blob: bytes, algorithms=("md5", "sha1", "sha256")):
    return [(entry_id, name, hashlib.new(name, blob).digest()) for name in algorithms]


def test_a_file_is_found_by_each_algorithm_and_reported_once():
    index = DigestIndex(
        entries_for(1, b"one") + entries_for(2, b"two", ["md5"]) + entries_for(3, b"one", ["sha1"])
    )
    assert index.lookup(digest_chunks([b"one"])) == [
        DigestMatch(1, "sha256"),
        DigestMatch(3, "sha1"),
    ]
    assert index.lookup(digest_chunks([b"two"])) == [DigestMatch(2, "md5")]
    assert index.lookup(digest_chunks([b"three"])) == []


def test_digests_ending_in_zero_bytes_are_exact():
    zero_tail = bytes(15) + b"\x01"
    index = DigestIndex([(1, "md5", bytes(16)), (2, "md5", zero_tail)])
    assert index._tables["md5"].find(bytes(16), set()) == {1}
    assert index._tables["md5"].find(zero_tail, set()) == {2}


def test_add_and_remove_are_visible_at_once():
    index = DigestIndex(entries_for(1, b"one"))
    index.remove(1)
    assert index.lookup(digest_chunks([b"one"])) == []
    index.add(1, "md5", hashlib.md5(b"one").digest())
    index.add(7, "sha256", hashlib.sha256(b"seven").digest())
    assert index.lookup(digest_chunks([b"one"])) == [DigestMatch(1, "md5")]
    assert index.lookup(digest_chunks([b"seven"])) == [DigestMatch(7, "sha256")]
    index.remove(7)
    assert index.lookup(digest_chunks([b"seven"])) == []


@pytest.mark.parametrize(
    ("algorithm", "text", "problem"),
    [
        ("md5", "xyz", "not hexadecimal"),
        ("md5", "ab" * 15, "32 hex characters, not 30"),
        ("sha256", "ab" * 16, "64 hex characters"),
        ("crc32", "abcd", "unknown digest type"),
    ],
)
def test_bad_digests_are_explained(algorithm, text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_digest(algorithm, text)


def test_wrong_width_is_refused_when_adding():
    with pytest.raises(ValueError, match="16 bytes"):
        DigestIndex([(1, "md5", b"short")])
