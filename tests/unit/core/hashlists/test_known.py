"""Matching files against lists: copies and rotations match, strangers do not, negatives win."""

import io
import random

import pytest
from PIL import Image

from meldpunt.core.hashing.digests import digest_chunks
from meldpunt.core.hashing.pdq import PdqHash, Variant, pdq_exact
from meldpunt.core.hashlists.entries import Classification, HashType, ListKind
from meldpunt.core.hashlists.known import KnownContent, KnownEntry, ListProfile
from tests.support.imagesets import encode, sample, saved, variant

POLICE = ListProfile(1, "police", ListKind.POSITIVE, 31, Classification.BASELINE, "high")
STOCK = ListProfile(2, "stock images", ListKind.NEGATIVE, 31)
HOTLINE = ListProfile(3, "own assessments", ListKind.POSITIVE, 2, Classification.NATIONAL)


def photo(name: str, size=(800, 600), seed=1) -> bytes:
    return encode(variant(sample(name), size, random.Random(seed)), "JPEG", 90)


def resized_copy(blob: bytes) -> bytes:
    image = Image.open(io.BytesIO(blob))
    return encode(image.resize((517, 388), Image.LANCZOS), "JPEG", 70)


def entry(entry_id: int, profile: ListProfile, blob: bytes, **extra) -> KnownEntry:
    return KnownEntry(entry_id, profile.list_id, pdq=pdq_exact(blob).original.bits, **extra)


def look(known: KnownContent, blob: bytes, **options):
    return known.match(digest_chunks([blob]), pdq_exact(blob, dihedral=True), **options)


@pytest.fixture(scope="module")
def listed():
    return photo("astronaut.png"), photo("coffee.png"), photo("rocket.jpg")


def test_a_resized_recompressed_copy_matches_with_provenance(listed):
    astronaut, coffee, _ = listed
    known = KnownContent([POLICE], [entry(11, POLICE, astronaut), entry(12, POLICE, coffee)])
    outcome = look(known, resized_copy(astronaut))
    assert outcome.known
    [match] = outcome.matches
    assert (match.list_name, match.entry_id, match.hash_type) == ("police", 11, HashType.PDQ)
    assert match.variant is Variant.ORIGINAL
    assert 0 < match.distance <= 31
    assert match.classification is Classification.BASELINE


def test_a_rotated_copy_matches_through_a_dihedral_variant(listed):
    astronaut, _, _ = listed
    known = KnownContent([POLICE], [entry(11, POLICE, astronaut)])
    rotated = Image.open(io.BytesIO(astronaut)).transpose(Image.Transpose.ROTATE_90)
    outcome = look(known, encode(rotated, "PNG"))
    assert [m.entry_id for m in outcome.matches] == [11]
    assert outcome.matches[0].variant is not Variant.ORIGINAL
    mirrored = Image.open(io.BytesIO(astronaut)).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    assert look(known, encode(mirrored, "PNG")).known


def test_an_unrelated_image_does_not_match(listed):
    astronaut, coffee, rocket = listed
    known = KnownContent([POLICE], [entry(11, POLICE, astronaut), entry(12, POLICE, coffee)])
    outcome = look(known, rocket)
    assert not outcome.known
    assert outcome.matches == outcome.suppressed == outcome.benign == ()


def test_a_negative_entry_suppresses_a_positive_look_alike(listed):
    astronaut, _, _ = listed
    known = KnownContent(
        [POLICE, STOCK], [entry(11, POLICE, astronaut), entry(21, STOCK, astronaut)]
    )
    outcome = look(known, resized_copy(astronaut))
    assert not outcome.known
    assert [p.entry_id for p in outcome.suppressed] == [11]
    assert [p.list_name for p in outcome.benign] == ["stock images"]


def test_an_exact_digest_match_stands_against_a_negative_look_alike(listed):
    astronaut, _, _ = listed
    sha256 = bytes.fromhex(digest_chunks([astronaut]).sha256)
    known = KnownContent(
        [POLICE, STOCK],
        [
            KnownEntry(11, 1, sha256=sha256),
            entry(21, STOCK, astronaut),
        ],
    )
    outcome = look(known, astronaut)
    assert [(m.entry_id, m.hash_type, m.distance) for m in outcome.matches] == [
        (11, HashType.SHA256, 0)
    ]


def test_each_list_uses_its_own_threshold_unless_the_query_gives_one(listed):
    astronaut, _, _ = listed
    copy = resized_copy(astronaut)
    distance = pdq_exact(copy).original.distance(pdq_exact(astronaut).original)
    assert distance > HOTLINE.threshold  # close, but not within 2 bits
    known = KnownContent([HOTLINE], [entry(31, HOTLINE, astronaut)])
    assert not look(known, copy).known
    assert look(known, copy, threshold=31).known


def test_only_lists_narrows_positives_but_negatives_still_apply(listed):
    astronaut, coffee, _ = listed
    known = KnownContent(
        [POLICE, HOTLINE, STOCK],
        [entry(11, POLICE, astronaut), entry(31, HOTLINE, astronaut), entry(21, STOCK, coffee)],
    )
    assert [m.list_id for m in look(known, astronaut, only_lists={3}).matches] == [3]
    assert not look(known, coffee, only_lists={1}).known
    assert look(known, coffee, only_lists={1}).benign


def test_untrusted_hashes_are_not_matched():
    flat = encode(Image.new("RGB", (640, 480), (120, 120, 120)), "PNG")
    hashes = pdq_exact(flat, dihedral=True)
    assert not hashes.original.trusted
    known = KnownContent([POLICE], [KnownEntry(1, 1, pdq=hashes.original.bits)])
    outcome = look(known, flat)
    assert outcome.pdq_untrusted and not outcome.known


def test_add_and_remove_change_the_answer(listed):
    astronaut, _, _ = listed
    known = KnownContent([POLICE])
    assert not look(known, astronaut).known
    known.add(entry(11, POLICE, astronaut))
    assert look(known, astronaut).known
    known.remove(11)
    assert not look(known, astronaut).known
    assert len(known) == 0


def test_entries_of_unknown_lists_are_refused():
    with pytest.raises(ValueError, match="not loaded"):
        KnownContent([POLICE], [KnownEntry(1, 99, pdq=PdqHash(bytes(32), 100).bits)])


def test_a_pdq_hash_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="entry 1: its PDQ hash has 31 bytes, not 32"):
        KnownContent([POLICE], [KnownEntry(1, 1, pdq=bytes(31))])


def test_an_entry_carries_its_own_classification_over_its_lists(listed):
    astronaut, coffee, _ = listed
    known = KnownContent(
        [POLICE, HOTLINE],
        [
            entry(1, POLICE, astronaut, classification=Classification.NATIONAL),
            entry(2, HOTLINE, coffee),
        ],
    )
    [found] = look(known, astronaut).matches
    assert (found.list_name, found.classification) == ("police", Classification.NATIONAL)
    [found] = look(known, coffee).matches
    assert (found.list_name, found.classification) == ("own assessments", Classification.NATIONAL)
    known.add(entry(1, POLICE, astronaut))  # replaced: the list's classification again
    assert look(known, astronaut).matches[0].classification is Classification.BASELINE


def palette_gif(name: str) -> bytes:
    return saved(sample(name).convert("RGB"), "GIF")


def test_a_palette_image_matches_a_partners_hash_as_python_threatexchange_computes_it():
    from meldpunt.core.hashing.fingerprint import fingerprint_image

    gif = palette_gif("astronaut.png")
    fingerprint = fingerprint_image(gif)[0]
    theirs = fingerprint.pdq_threatexchange
    assert theirs is not None and theirs.distance(fingerprint.pdq.original) > 31
    known = KnownContent([POLICE], [KnownEntry(21, POLICE.list_id, pdq=theirs.bits)])
    assert not known.match(fingerprint.digests, fingerprint.pdq).known
    [match] = known.match(fingerprint.digests, fingerprint.pdq, as_threatexchange=theirs).matches
    assert (match.entry_id, match.distance, match.read_as) == (21, 0, "threatexchange")
    assert match.variant is None and match.as_threatexchange


def test_the_images_own_hash_is_kept_when_it_is_as_close():
    from meldpunt.core.hashing.fingerprint import fingerprint_image

    fingerprint = fingerprint_image(palette_gif("coffee.png"))[0]
    ours = fingerprint.pdq.original
    known = KnownContent([POLICE], [KnownEntry(22, POLICE.list_id, pdq=ours.bits)])
    [match] = known.match(
        fingerprint.digests, fingerprint.pdq, as_threatexchange=fingerprint.pdq_threatexchange
    ).matches
    assert (match.distance, match.read_as) == (0, "original")
    flat = PdqHash(fingerprint.pdq_threatexchange.bits, quality=10)
    known = KnownContent([POLICE], [KnownEntry(23, POLICE.list_id, pdq=flat.bits)])
    assert not known.match(None, None, as_threatexchange=flat).known  # untrusted: not matched
