"""Lists by name with their sizes, and matching a file against all lists or some."""

import pytest

from meldpunt.audit.services import Actor
from meldpunt.core.hashing.fingerprint import fingerprint_image
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.queries import UnknownLists, list_ids_named, list_named, list_summaries
from meldpunt.lists.services import create_list, fingerprint_matcher, import_entries
from tests.support.imagesets import encode, sample

pytestmark = pytest.mark.django_db

PHOTO = sample("chelsea.png")


def listed(name, classification, pdq_hex, source=""):
    hash_list = create_list(
        name, ListKind.POSITIVE, Actor.system(), classification=classification, source=source
    )
    data = f"pdq {pdq_hex} {name}-1\n".encode()
    import_entries(hash_list, FORMATS["threatexchange"], data, Actor.system())
    return hash_list


@pytest.fixture
def two_lists():
    original, _ = fingerprint_image(encode(PHOTO, "PNG"))
    pdq = original.pdq.original.hex
    police = listed("police", Classification.BASELINE, pdq, source="police unit")
    partner = listed("partner", Classification.A1, pdq)
    return police, partner


def test_lists_are_found_by_name_and_unknown_names_are_named(two_lists):
    police, partner = two_lists
    assert list_named("police") == police
    assert list_ids_named(["police", "partner"]) == {police.pk, partner.pk}
    with pytest.raises(UnknownLists) as unknown:
        list_ids_named(["police", "nope", "also-nope"])
    assert unknown.value.missing == ["also-nope", "nope"]
    assert unknown.value.existing == ["partner", "police"]
    with pytest.raises(UnknownLists):
        list_named("nope")


def test_summaries_count_each_lists_entries(two_lists):
    assert [(s.name, s.classification, s.entries, s.source) for s in list_summaries()] == [
        ("partner", "A1", 1, ""),
        ("police", "baseline", 1, "police unit"),
    ]
    [police] = list_summaries("police")
    assert (police.kind, police.threshold, police.trust) == ("positive", 31, "medium")
    with pytest.raises(UnknownLists):
        list_summaries("nope")


def test_a_file_is_matched_against_the_lists_asked_for_at_the_threshold_asked_for(two_lists):
    police, _ = two_lists
    copy, _ = fingerprint_image(encode(PHOTO.resize((400, 300)), "JPEG", 80))
    every = fingerprint_matcher()(copy)
    assert sorted(p.list_name for p in every.matches) == ["partner", "police"]
    only_police = fingerprint_matcher({police.pk})(copy)
    assert [p.list_name for p in only_police.matches] == ["police"]
    distance = only_police.matches[0].distance
    assert distance > 0  # a near copy, not the same bytes
    assert not fingerprint_matcher({police.pk}, threshold=distance - 1)(copy).known
    assert fingerprint_matcher({police.pk}, threshold=distance)(copy).known
