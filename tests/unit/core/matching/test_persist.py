"""Saved indexes load back identical; a crash mid-save or a damaged file never passes silently."""

import numpy as np
import pytest

from meldpunt.core import atomic_files
from meldpunt.core.matching import persist
from meldpunt.core.matching.index import PdqIndex
from meldpunt.core.matching.persist import IndexFileError, load_arrays, save_arrays
from tests.unit.core.matching.test_index import random_hashes


@pytest.fixture
def index():
    hashes = random_hashes(500, seed=21)
    built = PdqIndex.build(enumerate(hashes))
    built.remove(3)
    built.add(9000, random_hashes(1, seed=22)[0])
    return built, hashes


def test_round_trip_keeps_every_answer(tmp_path, index):
    built, hashes = index
    path = tmp_path / "list.idx"
    save_arrays(path, built.snapshot())
    restored = PdqIndex.restore(load_arrays(path))
    queries = hashes[:20] + random_hashes(1, seed=22)
    assert restored.search_batch(queries, 40) == built.search_batch(queries, 40)
    assert len(restored) == len(built)
    restored.remove(5)  # a memory-mapped, read-only index still takes changes
    assert restored.search(hashes[5], 0) == []


def test_failed_save_leaves_the_previous_file_intact(tmp_path, index, monkeypatch):
    built, _ = index
    path = tmp_path / "list.idx"
    save_arrays(path, built.snapshot())
    before = path.read_bytes()

    def crash(_descriptor):
        raise OSError("disk full")

    monkeypatch.setattr(atomic_files.os, "fsync", crash)  # the write it saves through
    with pytest.raises(OSError, match="disk full"):
        save_arrays(path, {"words": np.zeros((10, 4), np.uint64)})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["list.idx"]


def test_damaged_files_are_refused(tmp_path, index):
    built, _ = index
    path = tmp_path / "list.idx"
    save_arrays(path, built.snapshot())
    whole = path.read_bytes()

    path.write_bytes(b"GIF89a" + whole[6:])
    with pytest.raises(IndexFileError, match="not a Meldpunt index"):
        load_arrays(path)
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(IndexFileError, match="shorter"):
        load_arrays(path)
    path.write_bytes(whole[:16] + b"{nonsense" + whole[25:])
    with pytest.raises(IndexFileError, match="damaged header"):
        load_arrays(path)
    path.write_bytes(b"")
    with pytest.raises(IndexFileError):
        load_arrays(path)


def test_a_flipped_byte_fails_the_checksum(tmp_path, index):
    built, _ = index
    path = tmp_path / "list.idx"
    save_arrays(path, built.snapshot())
    whole = bytearray(path.read_bytes())
    whole[len(whole) // 2] ^= 0x40
    path.write_bytes(bytes(whole))
    with pytest.raises(IndexFileError, match="checksum"):
        load_arrays(path)


def test_a_header_with_missing_fields_is_refused(tmp_path):
    path = tmp_path / "list.idx"
    header = b'{"words": {"dtype": "<u8"}}'
    path.write_bytes(persist.MAGIC + len(header).to_bytes(8, "little") + header)
    with pytest.raises(IndexFileError, match="damaged header"):
        load_arrays(path)
