"""PDQ agrees bit for bit with pdqhash, on photos and on fine detail that aliases in its blur."""

import io
import random
import struct
import zlib

import numpy as np
import pdqhash
import pytest
from PIL import Image

from meldpunt.core.hashing.images import ImageProblem, ImageRejected
from meldpunt.core.hashing.pdq import Variant, pdq_exact
from tests.support.imagesets import encode, mixed_set, sample, sinusoids, text_page, variant


def reference(blob: bytes) -> tuple[str, int]:
    pixels = np.asarray(Image.open(io.BytesIO(blob)).convert("RGB"))
    vector, quality = pdqhash.compute(pixels)
    return np.packbits(vector.astype(np.uint8)).tobytes().hex(), quality


@pytest.fixture(scope="module")
def corpus():
    return list(mixed_set(24, seed=99))


def test_exact_mode_is_bit_identical_to_pdqhash(corpus):
    for image in corpus:
        ours = pdq_exact(image.blob).original
        assert (ours.hex, ours.quality) == reference(image.blob), image.name


@pytest.mark.parametrize("size", [(5, 5), (7, 300), (63, 65), (64, 64), (129, 127), (1001, 3)])
@pytest.mark.parametrize("mode", ["RGB", "L", "RGBA", "P"])
def test_exact_mode_agrees_on_odd_shapes_and_modes(size, mode):
    image = variant(sample("astronaut.png"), size, random.Random(1)).convert(mode)
    blob = encode(image, "PNG")
    ours = pdq_exact(blob).original
    assert (ours.hex, ours.quality) == reference(blob)


def test_images_under_five_pixels_get_the_reference_empty_hash():
    blob = encode(Image.new("RGB", (4, 40), "white"), "PNG")
    ours = pdq_exact(blob).original
    assert (ours.hex, ours.quality) == reference(blob) == ("0" * 64, 0)


def test_dihedral_variants_agree_with_pdqhash():
    blob = encode(variant(sample("chelsea.png"), (640, 480), random.Random(3)), "JPEG")
    vectors, quality = pdqhash.compute_dihedral(
        np.asarray(Image.open(io.BytesIO(blob)).convert("RGB"))
    )
    expected = [np.packbits(v.astype(np.uint8)).tobytes().hex() for v in vectors]
    ours = pdq_exact(blob, dihedral=True)
    assert [h.hex for h in ours.variants] == expected
    assert all(h.quality == quality for h in ours.variants)


@pytest.mark.parametrize(
    ("transpose", "variant_name"),
    [
        (Image.Transpose.ROTATE_90, Variant.ROTATE_90),
        (Image.Transpose.ROTATE_180, Variant.ROTATE_180),
        (Image.Transpose.FLIP_LEFT_RIGHT, Variant.FLIP_Y),
        (Image.Transpose.FLIP_TOP_BOTTOM, Variant.FLIP_X),
    ],
)
def test_a_turned_copy_is_found_through_a_variant(transpose, variant_name):
    base = variant(sample("coffee.png"), (800, 600), random.Random(5))
    listed = pdq_exact(encode(base, "PNG"), dihedral=True)
    turned = pdq_exact(encode(base.transpose(transpose), "PNG")).original
    assert listed.original.distance(turned) > 31
    assert min(v.distance(turned) for v in listed.variants) <= 31
    assert listed.variants[variant_name].distance(turned) <= 31


# Content whose fine detail aliases in PDQ's blur: a hash made from fewer pixels (a reduced
# decode, as fast mode once did) was up to 54 bits from the reference on these, at quality 100.
FINE_DETAIL = {
    "waves of 3 and 50 px": lambda: sinusoids((2048, 1536), (3, 50), noise=0),
    "waves of 2.5, 9 and 40 px with noise": lambda: sinusoids((2048, 1536), (2.5, 9, 40), 20),
    "waves of 17 px with noise": lambda: sinusoids((2048, 1536), (17,), noise=20),
    "text page, 20 px letters": lambda: text_page((3000, 2000), 20),
    "text page, 12 px letters": lambda: text_page((2048, 1536), 12),
}


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
@pytest.mark.parametrize("name", FINE_DETAIL)
def test_fine_detail_hashes_exactly_as_pdqhash_does(name, fmt):
    blob = encode(FINE_DETAIL[name](), fmt)
    expected = reference(blob)
    ours = pdq_exact(blob, dihedral=True)
    assert expected[1] >= 80, "the case must be one the conformance rule covers"
    assert (ours.original.hex, ours.original.quality) == expected


def test_resized_and_recompressed_copy_stays_close():
    base = variant(sample("rocket.jpg"), (1600, 1200), random.Random(8))
    original = pdq_exact(encode(base, "PNG")).original
    copy = pdq_exact(encode(base.resize((700, 525)), "JPEG", quality=60)).original
    unrelated = pdq_exact(
        encode(variant(sample("horse.png"), (800, 600), random.Random(9)), "PNG")
    ).original
    assert original.distance(copy) <= 31
    assert original.distance(unrelated) > 31


def test_quality_flags_flat_images_as_untrusted():
    flat = pdq_exact(encode(Image.new("RGB", (640, 480), (120, 120, 120)), "PNG")).original
    photo = pdq_exact(encode(sample("astronaut.png"), "PNG")).original
    assert not flat.trusted
    assert photo.trusted


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_decoding():
    with pytest.raises(ImageRejected) as caught:
        pdq_exact(_png_header_only(100_000, 100_000))
    assert caught.value.problem is ImageProblem.TOO_MANY_PIXELS


def test_truncated_and_garbage_files_get_clear_errors():
    blob = encode(variant(sample("camera.png"), (1024, 768), random.Random(2)), "JPEG")
    with pytest.raises(ImageRejected) as truncated:
        pdq_exact(blob[: len(blob) // 2])
    assert truncated.value.problem is ImageProblem.DAMAGED
    with pytest.raises(ImageRejected) as garbage:
        pdq_exact(b"%PDF-1.4 definitely not an image")
    assert garbage.value.problem is ImageProblem.NOT_AN_IMAGE
    with pytest.raises(ImageRejected) as header_only:
        pdq_exact(_png_header_only(640, 480))
    assert header_only.value.problem is ImageProblem.DAMAGED
