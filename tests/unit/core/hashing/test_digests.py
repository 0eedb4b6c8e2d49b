"""Streaming digests equal the one-shot ones."""

import hashlib

from meldpunt.core.hashing.digests import digest_chunks, digest_file


def test_streamed_digests_match_hashlib(tmp_path):
    payload = bytes(range(256)) * 10_000
    path = tmp_path / "blob.bin"
    path.write_bytes(payload)
    expected = (
        hashlib.md5(payload).hexdigest(),
        hashlib.sha1(payload).hexdigest(),
        hashlib.sha256(payload).hexdigest(),
    )
    by_file = digest_file(path)
    by_chunks = digest_chunks(payload[i : i + 777] for i in range(0, len(payload), 777))
    assert (by_file.md5, by_file.sha1, by_file.sha256) == expected
    assert by_chunks == by_file
