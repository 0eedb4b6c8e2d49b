"""Groups of near copies: distances over orientations, joining and merging, and spreads."""

import itertools

import numpy as np
import pytest

from meldpunt.core.content.groups import Joining, Member, distance_between, join, spread_of

THRESHOLD = 31  # a PDQ match distance; the module itself is told only which groups are near


def random_grid(rng: np.random.Generator) -> np.ndarray:
    """A random 256-bit hash, as the 16 x 16 bits whose rotations are its orientations."""
    return rng.integers(0, 2, size=(16, 16), dtype=np.uint8)


def flipped(grid: np.ndarray, positions) -> np.ndarray:
    """A near copy: the same bits with those at `positions` flipped."""
    copy = grid.copy()
    copy.flat[np.asarray(positions)] ^= 1
    return copy


def as_hash(grid: np.ndarray) -> bytes:
    return np.packbits(grid.ravel()).tobytes()


def orientations(grid: np.ndarray) -> list[np.ndarray]:
    """The original first, then its three rotations and four mirror images."""
    rotations = [np.rot90(grid, k) for k in range(4)]
    return [*rotations, *(np.fliplr(r) for r in rotations)]


def member(content_id: int, grid: np.ndarray) -> Member:
    return Member(content_id, tuple(as_hash(o) for o in orientations(grid)))


def one_way(a: Member, b: Member) -> int:
    """Fewest differing bits between any orientation of `a` and `b` as it is."""
    variants = [*a.variants, *[a.original] * (8 - len(a.variants))]
    original = int.from_bytes(b.original, "big")
    return min((int.from_bytes(v, "big") ^ original).bit_count() for v in variants)


def brute_distance(a: Member, b: Member) -> int:
    """The distance either way round, whichever is smaller."""
    return min(one_way(a, b), one_way(b, a))


def brute_spread(members) -> int:
    pairs = itertools.permutations(members, 2)
    return max((brute_distance(a, b) for a, b in pairs), default=0)


@pytest.fixture
def rng():
    return np.random.default_rng(20240611)


@pytest.fixture
def positions(rng):
    """Distinct bit positions, sliced apart so near copies differ by known counts."""
    return rng.permutation(256)


def test_a_near_copy_is_as_far_as_the_bits_flipped(rng, positions):
    original = random_grid(rng)
    a, b = member(1, original), member(2, flipped(original, positions[:7]))
    assert distance_between(a, b) == distance_between(b, a) == 7
    assert distance_between(a, a) == 0


def test_a_rotated_or_mirrored_copy_is_at_distance_zero(rng):
    original = random_grid(rng)
    a = member(1, original)
    for k, oriented in enumerate(orientations(original)[1:], start=1):
        b = member(2, oriented)
        assert a.variants[k] == b.original
        assert distance_between(a, b) == distance_between(b, a) == 0
    unrelated = member(3, random_grid(rng))
    assert distance_between(a, unrelated) > 64


def test_the_orientation_of_the_first_is_matched_against_the_second_as_it_is(rng):
    mine, theirs, other = (as_hash(random_grid(rng)) for _ in range(3))
    a = Member(1, (mine, other, other, theirs, other, other, other, other))
    b = Member(2, (theirs,))
    assert distance_between(a, b) == 0


def test_a_member_with_fewer_variants_counts_its_original_for_the_rest(rng):
    original, rotated = random_grid(rng), random_grid(rng)
    other = member(9, rotated)
    only_original = Member(1, (as_hash(original),))
    two = Member(2, (as_hash(original), as_hash(rotated)))
    assert distance_between(only_original, other) == brute_distance(only_original, other)
    assert distance_between(only_original, other) <= int(np.sum(original != rotated))
    assert distance_between(only_original, other) == distance_between(other, only_original)
    assert distance_between(two, other) == 0  # its second variant is the other's original
    assert distance_between(Member(3, (as_hash(original),) * 8), other) == distance_between(
        only_original, other
    )
    short_other = Member(4, (as_hash(rotated),))
    assert spread_of([only_original, short_other]) == int(np.sum(original != rotated))


def test_a_wrong_sized_hash_is_refused(rng):
    with pytest.raises(ValueError, match="32 bytes"):
        distance_between(Member(1, (b"\x00" * 31,)), member(2, random_grid(rng)))


def test_a_newcomer_near_nothing_gets_a_group_of_its_own(rng):
    assert join(member(1, random_grid(rng)), {}, {}, set()) == Joining(None, (), 0)


def test_a_newcomer_joins_the_one_group_it_is_near(rng, positions):
    original = random_grid(rng)
    a = member(1, original)
    b = member(2, flipped(original, positions[:6]))
    newcomer = member(3, flipped(original, positions[6:10]))
    assert join(newcomer, {7: [a, b]}, {7: 6}, set()) == Joining(7, (), 10)


def test_a_newcomer_near_two_groups_merges_them_into_the_nearer(rng, positions):
    original = random_grid(rng)
    newcomer = member(1, original)
    near = member(2, flipped(original, positions[:5]))
    farther = member(3, flipped(original, positions[5:30]))
    joining = join(newcomer, {10: [farther], 20: [near]}, {10: 0, 20: 0}, set())
    assert joining == Joining(target=20, absorbed=(10,), spread=30)  # near to farther: 5 + 25


def test_groups_equally_near_are_taken_by_id(rng, positions):
    original = random_grid(rng)
    left = member(1, flipped(original, positions[:4]))
    right = member(2, flipped(original, positions[4:8]))
    joining = join(member(3, original), {30: [right], 12: [left]}, {}, set())
    assert (joining.target, joining.absorbed, joining.spread) == (12, (30,), 8)


def test_a_known_spread_wider_than_the_newcomer_adds_is_kept(rng, positions):
    original = random_grid(rng)
    a, newcomer = member(1, original), member(2, flipped(original, positions[:3]))
    assert join(newcomer, {5: [a]}, {5: 27}, set()).spread == 27


def test_chaining_joins_contents_that_are_not_alike_and_the_spread_shows_it(rng, positions):
    a_grid = random_grid(rng)
    b_grid = flipped(a_grid, positions[:20])
    c_grid = flipped(b_grid, positions[20:40])
    a, b, c = member(1, a_grid), member(2, b_grid), member(3, c_grid)
    assert distance_between(a, b) <= THRESHOLD and distance_between(b, c) <= THRESHOLD
    first = join(b, {1: [a]}, {}, set())
    assert first == Joining(1, (), 20)
    second = join(c, {1: [a, b]}, {1: first.spread}, set())
    assert second == Joining(1, (), 40)
    assert second.spread > THRESHOLD
    assert spread_of([a, b, c]) == 40


def test_groups_kept_apart_are_not_merged_and_the_nearer_wins(rng, positions):
    original = random_grid(rng)
    newcomer = member(1, original)
    nearer = member(2, flipped(original, positions[:3]))
    farther = member(3, flipped(original, positions[3:12]))
    apart = {frozenset((10, 20))}
    joining = join(newcomer, {10: [farther], 20: [nearer]}, {10: 0, 20: 0}, apart)
    assert joining == Joining(target=20, absorbed=(), spread=3)


def test_a_group_kept_apart_from_one_taken_is_skipped_but_others_still_merge(rng, positions):
    original = random_grid(rng)
    newcomer = member(1, original)
    g10 = member(2, flipped(original, positions[:2]))
    g20 = member(3, flipped(original, positions[2:7]))
    g30 = member(4, flipped(original, positions[7:15]))
    near = {10: [g10], 20: [g20], 30: [g30]}
    joining = join(newcomer, near, {}, {frozenset((10, 20))})
    assert joining == Joining(target=10, absorbed=(30,), spread=10)  # g10 to g30: 2 + 8


def test_the_spread_of_one_or_none_is_zero(rng):
    assert spread_of([]) == 0
    assert spread_of([member(1, random_grid(rng))]) == 0


def test_the_spread_is_the_largest_distance_between_two_members(rng, positions):
    original = random_grid(rng)
    members = [
        member(1, original),
        member(2, flipped(original, positions[:4])),
        member(3, flipped(original, positions[4:15])),
        member(4, np.rot90(flipped(original, positions[15:17]))),  # rotated: only 2 away
    ]
    assert spread_of(members) == 15  # member 2 to member 3: 4 + 11


def test_the_spread_of_a_group_does_not_depend_on_the_order_of_its_members(rng):
    # One member was hashed as it is only; the other carries an orientation equal to it.
    alone, theirs, other = (as_hash(random_grid(rng)) for _ in range(3))
    a = Member(1, (alone,))
    b = Member(2, (theirs, other, other, alone))
    assert spread_of([a, b]) == spread_of([b, a])
    assert join(b, {5: [a]}, {}, set()).spread == join(a, {5: [b]}, {}, set()).spread


def random_groups(rng: np.random.Generator, originals, count: int) -> dict[int, list[Member]]:
    """Groups of near copies of the originals, so some are near each other."""
    groups, next_id = {}, 1
    for group_id in rng.choice(1000, size=count, replace=False):
        base = originals[rng.integers(len(originals))]
        size = int(rng.integers(1, 5))
        groups[int(group_id)] = [member(next_id + i, near_copy(rng, base)) for i in range(size)]
        next_id += size
    return groups


def near_copy(rng: np.random.Generator, base: np.ndarray) -> np.ndarray:
    """Up to 23 bits flipped, and now and then turned a quarter."""
    copy = flipped(base, rng.choice(256, size=int(rng.integers(0, 24)), replace=False))
    return np.rot90(copy, int(rng.integers(4))) if rng.random() < 0.3 else copy


@pytest.mark.parametrize("seed", range(40))
def test_spreads_and_joinings_are_what_brute_force_finds(seed):
    rng = np.random.default_rng(seed)
    first = random_grid(rng)
    originals = [first, flipped(first, rng.choice(256, size=40, replace=False))]  # a chain
    groups = random_groups(rng, originals, count=int(rng.integers(1, 5)))
    newcomer = member(0, near_copy(rng, originals[seed % 2]))
    for members in groups.values():
        assert spread_of(members) == brute_spread(members)
    spreads = {g: brute_spread(members) for g, members in groups.items()}
    joining = join(newcomer, groups, spreads, set())
    nearest = {g: min(brute_distance(newcomer, m) for m in ms) for g, ms in groups.items()}
    by_nearness = sorted(groups, key=lambda g: (nearest[g], g))
    everyone = [newcomer, *(m for ms in groups.values() for m in ms)]
    assert joining == Joining(by_nearness[0], tuple(by_nearness[1:]), brute_spread(everyone))
