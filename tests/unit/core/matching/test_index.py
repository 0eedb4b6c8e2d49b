"""The PDQ index answers exactly what a brute-force scan answers, through every change."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meldpunt.core.matching.bruteforce import BruteForceIndex
from meldpunt.core.matching.index import Match, PdqIndex
from meldpunt.core.matching.segment import LARGE_FROM, SMALL, max_probed_radius


def random_hashes(count: int, seed: int) -> list[bytes]:
    rng = np.random.default_rng(seed)
    return [row.tobytes() for row in rng.integers(0, 256, size=(count, 32), dtype=np.uint8)]


def flip(bits: bytes, count: int, rng: np.random.Generator) -> bytes:
    """The same hash with exactly `count` distinct bits flipped."""
    array = np.unpackbits(np.frombuffer(bits, np.uint8))
    array[rng.choice(256, size=count, replace=False)] ^= 1
    return np.packbits(array).tobytes()


@pytest.fixture(scope="module")
def planted():
    """2,000 random hashes plus, for 100 of them, copies at every distance 0..40."""
    rng = np.random.default_rng(7)
    base = random_hashes(2000, seed=3)
    entries = list(enumerate(base))
    queries = []
    for source in base[:100]:
        queries.append(source)
        for distance in range(0, 41, 3):
            entries.append((len(entries), flip(source, distance, rng)))
    queries += random_hashes(50, seed=11)
    return entries, queries


@pytest.mark.parametrize("threshold", [0, 10, 31, 40, max_probed_radius(SMALL) + 1, 256])
def test_search_equals_brute_force(planted, threshold):
    entries, queries = planted
    expected = BruteForceIndex(entries).search_batch(queries, threshold)
    assert PdqIndex.build(entries).search_batch(queries, threshold) == expected
    assert PdqIndex.build(entries).search_batch(queries, threshold, threads=2) == expected


def test_planted_copies_are_found_at_their_distance(planted):
    entries, queries = planted
    index = PdqIndex.build(entries)
    found = {m.distance for m in index.search(queries[0], 31)}
    assert found == {0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30}


def test_results_are_nearest_first_and_unique():
    rng = np.random.default_rng(1)
    source = random_hashes(1, seed=5)[0]
    # Many copies identical to the query: each found once even though every substring agrees.
    entries = [(i, source if i < 50 else flip(source, i % 30, rng)) for i in range(200)]
    matches = PdqIndex.build(entries).search(source, 31)
    assert len(matches) == len({m.entry_id for m in matches}) == 200
    assert matches == sorted(matches, key=lambda m: (m.distance, m.entry_id))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from("ar"), st.integers(0, 60)), max_size=80), st.integers(0, 40)
)
def test_adds_and_removes_match_a_rebuilt_index(operations, threshold):
    pool = random_hashes(61, seed=4)
    rng = np.random.default_rng(2)
    base = {i: flip(pool[i % 61], i % 35, rng) for i in range(100, 400)}
    index = PdqIndex.build(base.items())
    live = dict(base)
    for kind, key in operations:
        if kind == "a":
            index.add(key, pool[key])
            live[key] = pool[key]
        else:
            assert index.remove(key) == (key in live)
            live.pop(key, None)
    queries = pool[:10]
    assert len(index) == len(live)
    assert index.search_batch(queries, threshold) == BruteForceIndex(live.items()).search_batch(
        queries, threshold
    )
    index.merge()
    assert index.search_batch(queries, threshold) == BruteForceIndex(live.items()).search_batch(
        queries, threshold
    )


def test_adding_an_existing_id_replaces_its_hash():
    first, second = random_hashes(2, seed=9)
    index = PdqIndex.build([(1, first)])
    index.add(1, second)
    assert index.search(first, 0) == []
    assert index.search(second, 0) == [Match(1, 0)]
    assert len(index) == 1


def test_removing_main_entry_then_readding_it():
    hashes = random_hashes(3, seed=10)
    index = PdqIndex.build(enumerate(hashes))
    assert index.remove(1)
    assert not index.remove(1)
    assert index.search(hashes[1], 0) == []
    index.add(1, hashes[1])
    assert index.search(hashes[1], 0) == [Match(1, 0)]


def test_empty_index_and_empty_batch():
    assert PdqIndex().search(bytes(32)) == []
    assert PdqIndex.build([(1, bytes(32))]).search_batch([]) == []


@pytest.mark.parametrize("bad", [b"short", bytes(33)])
def test_wrong_hash_length_is_refused(bad):
    with pytest.raises(ValueError, match="32 bytes"):
        PdqIndex.build([(1, bytes(32))]).search(bad)
    with pytest.raises(ValueError, match="32 bytes"):
        PdqIndex().add(1, bad)


def test_bad_threshold_and_duplicate_ids_are_refused():
    with pytest.raises(ValueError, match="threshold"):
        PdqIndex().search(bytes(32), 257)
    with pytest.raises(ValueError, match="unique"):
        PdqIndex.build([(1, bytes(32)), (1, bytes(32))])


def test_large_layout_equals_brute_force():
    """Past LARGE_FROM hashes the 12-substring tables are used; same answers."""
    rng = np.random.default_rng(12)
    words = rng.integers(0, 2**63, size=(LARGE_FROM + 10, 4), dtype=np.uint64, endpoint=True)
    hashes = [row.tobytes() for row in words[:200]]
    queries = [flip(h, d, rng) for h, d in zip(hashes, range(0, 200), strict=True)]
    index = PdqIndex.from_arrays(np.arange(len(words), dtype=np.int64) * 3, words)
    reference = BruteForceIndex((i * 3, row.tobytes()) for i, row in enumerate(words))
    for threshold in (0, 31, 47):
        assert index.search_batch(queries, threshold) == reference.search_batch(queries, threshold)
