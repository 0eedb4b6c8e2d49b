"""A batch placed in memory ends as the connected components of its near copies."""

import random

import pytest

from meldpunt.core.content.grouping import Grouping, KnownGroup
from meldpunt.core.content.groups import Member, distance_between, spread_of

THRESHOLD = 31


def member(content_id: int, value: int) -> Member:
    return Member(content_id, (value.to_bytes(32, "big"),))


def flipped(value: int, bits: list[int]) -> int:
    return value ^ sum(1 << b for b in bits)


def components(members: list[Member]) -> list[set[int]]:
    """The reference: connected components of `distance <= THRESHOLD`, by union-find."""
    parent = {m.content_id: m.content_id for m in members}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if distance_between(a, b) <= THRESHOLD:
                parent[root(a.content_id)] = root(b.content_id)
    found: dict[int, set[int]] = {}
    for m in members:
        found.setdefault(root(m.content_id), set()).add(m.content_id)
    return sorted(found.values(), key=min)


def families(rng: random.Random, count: int) -> list[Member]:
    """Near copies of a few originals, some chained far from their original, shuffled."""
    values = []
    for _ in range(4):
        base, bits = rng.getrandbits(256), rng.sample(range(256), 90)
        values += [flipped(base, rng.sample(bits[:30], rng.randint(0, 14))) for _ in range(6)]
        values += [flipped(base, bits[: 20 * k]) for k in range(1, 5)]  # a chain
    values += [rng.getrandbits(256) for _ in range(count - len(values))]
    rng.shuffle(values)
    return [member(n, v) for n, v in enumerate(values, 1)]


def groups_of(grouping: Grouping) -> list[set[int]]:
    found: dict[int, set[int]] = {}
    for content_id, key in grouping.group_of.items():
        found.setdefault(key, set()).add(content_id)
    return sorted(found.values(), key=min)


@pytest.mark.parametrize("seed", range(6))
def test_batches_placed_in_memory_end_as_connected_components_with_their_spreads(seed):
    rng = random.Random(seed)
    everyone = families(rng, 60)
    by_id = {m.content_id: m for m in everyone}
    placed: list[Member] = []
    stored: dict[int, list[int]] = {}  # group id: members, as a database would hold them
    spreads: dict[int, int] = {}
    next_id = 1000
    while len(placed) < len(everyone):
        batch = everyone[len(placed) : len(placed) + rng.randint(1, 9)]
        known = [KnownGroup(g, [by_id[c] for c in m], spreads[g]) for g, m in stored.items()]
        grouping = Grouping.of(known, [], THRESHOLD)
        for newcomer in batch:  # the index's guesses: everyone, near or not
            grouping.place(newcomer, [m.content_id for m in everyone])
        stored_as = {}
        for key in grouping.started():
            stored_as[key], next_id = next_id, next_id + 1
        for absorbed in grouping.absorbed():
            assert grouping.size(absorbed) == 0 and grouping.final(absorbed) in grouping.members
            del stored[absorbed]
        final = {c: stored_as.get(k, k) for c, k in grouping.group_of.items()}
        for key in [*grouping.grown(), *grouping.started()]:
            group = stored_as.get(key, key)
            stored[group] = [c for c, g in final.items() if g == group]
            spreads[group] = grouping.spread(key)
            assert grouping.size(key) == len(stored[group])
        placed += batch
        assert sorted(map(set, stored.values()), key=min) == components(placed)
    for group, contents in stored.items():
        assert spreads[group] == spread_of([by_id[c] for c in contents])


def test_contents_moved_by_a_merge_are_named_with_their_new_group():
    a = random.Random(3).getrandbits(256)
    bits = random.Random(4).sample(range(256), 50)
    one, two = member(1, a), member(2, flipped(a, bits))
    grouping = Grouping.of([KnownGroup(10, [one], 0), KnownGroup(20, [two], 0)], [], THRESHOLD)
    key = grouping.place(member(3, flipped(a, bits[:24])), [1, 2])
    assert key == 10 and grouping.absorbed() == [20] and grouping.final(20) == 10
    assert grouping.moved() == {2: 10} and grouping.grown() == [10] and grouping.started() == []
    assert (grouping.size(10), grouping.spread(10), grouping.size(20)) == (3, 50, 0)


def test_a_newcomer_near_two_groups_kept_apart_joins_only_the_nearer():
    a = random.Random(5).getrandbits(256)
    bits = random.Random(6).sample(range(256), 40)
    near, far = member(1, flipped(a, bits[:5])), member(2, flipped(a, bits[20:40]))
    grouping = Grouping.of(
        [KnownGroup(10, [near], 0), KnownGroup(20, [far], 0)], [frozenset((10, 20))], THRESHOLD
    )
    assert grouping.place(member(3, a), [1, 2]) == 10
    assert grouping.absorbed() == [] and grouping.moved() == {}
    assert grouping.place(member(4, flipped(a, bits[30:40])), [1, 2, 3]) == 10  # nearer: 3
