"""Near-copy groups kept up to date one content at a time, and split by a senior analyst."""

import random

import pytest
from django.db import transaction

from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor
from meldpunt.cases.groups import SplitRefused, split_group, wide_groups
from meldpunt.cases.models import Content, ContentGroup, KeptApart
from meldpunt.cases.near_copies import place

pytestmark = pytest.mark.django_db(transaction=True)
rng = random.Random(11)


def flipped(value: int, bits: list[int]) -> int:
    return value ^ sum(1 << b for b in bits)


def content(value: int) -> Content:
    made = unplaced(value)
    place([made], 31)
    made.refresh_from_db()
    return made


def unplaced(value: int) -> Content:
    pdq = f"{value:064x}"
    return Content.objects.create(
        sha256=f"{rng.getrandbits(256):064x}",
        md5="0" * 32,
        sha1="0" * 40,
        kind="image",
        pdq=pdq,
        pdq_quality=100,
        pdq_variants=[pdq] * 8,
    )


def test_a_chain_joins_one_group_whose_spread_shows_it_and_a_split_keeps_it_apart():
    a = rng.getrandbits(256)
    bits = rng.sample(range(256), 60)
    first, second = content(a), content(flipped(a, bits[:20]))
    third = content(flipped(a, bits[:40]))
    group = ContentGroup.objects.get(pk=first.group_id)
    assert {second.group_id, third.group_id} == {group.pk}
    assert (group.size, group.spread) == (3, 40) and list(wide_groups()) == [group]

    new = split_group(group.pk, [third.pk], Actor.system())
    group.refresh_from_db()
    assert (group.size, group.spread, new.size, new.spread) == (2, 20, 1, 0)
    assert KeptApart.objects.filter(group=group, other=new).exists()
    event = AuditEvent.objects.get(action="content_group.split")
    assert event.details["contents"] == [third.pk] and event.details["spread_before"] == 40

    between = content(flipped(a, bits[:30]))  # 10 from the third, 10 from the second
    assert between.group_id in (group.pk, new.pk)
    group.refresh_from_db()
    new.refresh_from_db()
    assert group.merged_into_id is None and new.merged_into_id is None
    assert group.size + new.size == 4


def test_a_newcomer_between_two_groups_merges_them():
    a = rng.getrandbits(256)
    bits = rng.sample(range(256), 50)
    one, two = content(a), content(flipped(a, bits))
    far = content(rng.getrandbits(256))
    assert len({one.group_id, two.group_id, far.group_id}) == 3
    between = content(flipped(a, bits[:24]))  # 24 from one, 26 from two
    assert between.group_id == one.group_id
    absorbed = ContentGroup.objects.get(pk=two.group_id)
    assert absorbed.merged_into_id == one.group_id and absorbed.size == 0
    assert Content.objects.get(pk=two.pk).group_id == one.group_id
    merged = ContentGroup.objects.get(pk=one.group_id)
    assert (merged.size, merged.spread) == (3, 50)
    assert Content.objects.get(pk=far.pk).group_id == far.group_id


def test_a_split_that_moves_nothing_or_everything_is_refused():
    a = rng.getrandbits(256)
    first, second = content(a), content(flipped(a, [1, 2, 3]))
    with pytest.raises(SplitRefused) as nothing:
        split_group(first.group_id, [], Actor.system())
    assert nothing.value.reason == "choice"
    with pytest.raises(SplitRefused):
        split_group(first.group_id, [first.pk, second.pk], Actor.system())
    with pytest.raises(SplitRefused) as gone:
        split_group(999999, [first.pk], Actor.system())
    assert gone.value.reason == "gone"
    assert ContentGroup.objects.count() == 1 and not AuditEvent.objects.exists()


def test_near_copies_placed_together_find_each_other_and_the_far_one_stays_alone():
    a = rng.getrandbits(256)
    batch = [unplaced(a), unplaced(rng.getrandbits(256)), unplaced(flipped(a, [5, 6, 7]))]
    place(batch, 31)
    near, far, copy = (Content.objects.get(pk=c.pk) for c in batch)
    assert near.group_id == copy.group_id != far.group_id
    assert ContentGroup.objects.get(pk=near.group_id).size == 2
    assert sorted(c.placed for c in (near, far, copy)) == [1, 2, 3]
    assert ContentGroup.objects.filter(merged_into=None, size__gt=0).count() == 2
    assert ContentGroup.objects.count() == 2  # the group made for the copy, unused, is gone


def place_then_fail(value: int) -> None:
    with transaction.atomic():
        place([unplaced(value)], 31)
        raise RuntimeError("the capture's commit failed")


def test_a_placement_rolled_back_is_forgotten_by_the_index():
    a = rng.getrandbits(256)
    with pytest.raises(RuntimeError):
        place_then_fail(a)
    other = content(rng.getrandbits(256))  # takes the number the rolled-back one had
    assert other.placed == 1
    copy = content(flipped(a, [1, 2]))  # near only the content that was never committed
    assert copy.group_id != other.group_id
    assert ContentGroup.objects.get(pk=copy.group_id).size == 1


def test_a_batch_merging_stored_groups_and_its_own_leaves_the_database_as_components():
    a = rng.getrandbits(256)
    bits = rng.sample(range(256), 80)
    one, two = content(a), content(flipped(a, bits[:50]))  # two groups, 50 apart
    other = content(flipped(a, bits[60:80]))  # 20 from one, 70 from two: joins one
    assert one.group_id == other.group_id != two.group_id
    far = rng.getrandbits(256)
    batch = [
        unplaced(flipped(far, [1, 2])),  # a group of its own in the batch...
        unplaced(flipped(a, bits[:25])),  # between one and two: merges them
        unplaced(far),  # ...which this one joins
        unplaced(rng.getrandbits(256)),  # alone
    ]
    place(batch, 31)
    mine, between, far_copy, alone = (Content.objects.get(pk=c.pk) for c in batch)
    merged = ContentGroup.objects.get(pk=between.group_id)
    assert merged.pk in (one.group_id, two.group_id)
    assert {c.group_id for c in Content.objects.filter(pk__in=[one.pk, two.pk, other.pk])} == {
        merged.pk
    }
    absorbed = ContentGroup.objects.get(pk=({one.group_id, two.group_id} - {merged.pk}).pop())
    assert (absorbed.size, absorbed.merged_into_id) == (0, merged.pk)
    assert (merged.size, merged.merged_into_id) == (4, None)
    assert merged.spread == 70  # two to other, by way of one
    assert mine.group_id == far_copy.group_id != alone.group_id
    assert ContentGroup.objects.get(pk=mine.group_id).size == 2
    live = ContentGroup.objects.filter(merged_into=None, size__gt=0)
    assert sorted(g.size for g in live) == [1, 2, 4]
    assert ContentGroup.objects.count() == 4  # three live and the absorbed one; none unused
    assert sorted(c.placed for c in (mine, between, far_copy, alone)) == [4, 5, 6, 7]


def test_what_was_kept_apart_from_an_absorbed_group_stays_apart_from_the_merged_one():
    a = rng.getrandbits(256)
    bits = rng.sample(range(256), 120)
    first, second = content(a), content(flipped(a, bits[:20]))
    new = split_group(first.group_id, [second.pk], Actor.system())  # kept apart from first's
    third = content(flipped(a, bits[60:110]))  # far from both: its own group
    # 20 from third and 30 from first: third's group absorbs first's. The newcomer is 50
    # from second, so the pair kept apart now names the merged group.
    place([unplaced(flipped(a, bits[80:110]))], 31)
    merged = Content.objects.get(pk=third.pk).group_id
    assert Content.objects.get(pk=first.pk).group_id == merged
    assert ContentGroup.objects.get(pk=first.group_id).merged_into_id == merged
    kept = {frozenset(p) for p in KeptApart.objects.values_list("group", "other")}
    assert kept == {frozenset((merged, new.pk))}


def test_each_workers_index_follows_what_the_other_placed(monkeypatch):
    from meldpunt.cases import near_copies

    first_worker, second_worker = near_copies.ContentIndex(), near_copies.ContentIndex()
    a, b = rng.getrandbits(256), rng.getrandbits(256)

    def placed_by(index, value):
        monkeypatch.setattr(near_copies, "_index", index)
        return content(value)

    one = placed_by(first_worker, a)
    two = placed_by(first_worker, b)  # straight after its own: no need to look back
    three = placed_by(second_worker, flipped(b, list(range(20))))  # first load: sees both
    # 20 from three, 40 from two: found only if the first worker follows the second's placing
    four = placed_by(first_worker, flipped(b, list(range(40))))
    five = placed_by(first_worker, flipped(a, [6]))
    assert two.group_id == three.group_id == four.group_id != one.group_id == five.group_id
    assert ContentGroup.objects.get(pk=two.group_id).size == 3
