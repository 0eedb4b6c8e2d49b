"""The second PDQ of palette and CMYK images is bit for bit python-threatexchange's, and other
images get none because there the two agree (python-threatexchange is the oracle)."""

import pytest

from meldpunt.core.hashing.images import open_image
from meldpunt.core.hashing.pdq import pdq_of_image
from meldpunt.core.hashing.threatexchange_pdq import pdq_as_threatexchange
from tests.support.imagesets import cmyk_with_black, sample, saved
from tests.support.threatexchange import pdq_from_bytes

PHOTOS = ("astronaut.png", "coffee.png", "rocket.jpg")


SECOND_HASH = {
    "palette PNG": lambda rgb: saved(rgb.quantize(256), "PNG"),
    "palette PNG with transparency": lambda rgb: saved(rgb.quantize(16), "PNG", transparency=0),
    "GIF": lambda rgb: saved(rgb, "GIF"),
    "8-bit BMP": lambda rgb: saved(rgb.quantize(200), "BMP"),
    "CMYK JPEG": lambda rgb: saved(rgb.convert("CMYK"), "JPEG", quality=90),
    "CMYK JPEG with black": lambda rgb: saved(cmyk_with_black(rgb), "JPEG", quality=90),
    "CMYK TIFF": lambda rgb: saved(rgb.convert("CMYK"), "TIFF"),
}
NO_SECOND_HASH = {
    "RGB JPEG": lambda rgb: saved(rgb, "JPEG", quality=90),
    "grey PNG": lambda rgb: saved(rgb.convert("L"), "PNG"),
    "RGBA PNG": lambda rgb: saved(rgb.convert("RGBA"), "PNG"),
    "grey and alpha PNG": lambda rgb: saved(rgb.convert("LA"), "PNG"),
}


@pytest.mark.parametrize("photo", PHOTOS)
@pytest.mark.parametrize("kind", sorted(SECOND_HASH))
def test_the_second_hash_is_python_threatexchanges(kind, photo):
    data = SECOND_HASH[kind](sample(photo).convert("RGB"))
    second = pdq_as_threatexchange(open_image(data))
    assert second is not None
    assert (second.hex, second.quality) == pdq_from_bytes(data)


@pytest.mark.parametrize("kind", ["palette PNG", "GIF", "CMYK JPEG"])
def test_python_threatexchanges_hash_of_such_images_is_far_from_their_own(kind):
    data = SECOND_HASH[kind](sample("astronaut.png").convert("RGB"))
    image = open_image(data)
    own = pdq_of_image(image).original
    assert own.trusted and pdq_as_threatexchange(image).distance(own) > 150


@pytest.mark.parametrize("photo", PHOTOS)
@pytest.mark.parametrize("kind", sorted(NO_SECOND_HASH))
def test_other_images_get_no_second_hash_because_both_agree(kind, photo):
    data = NO_SECOND_HASH[kind](sample(photo).convert("RGB"))
    image = open_image(data)
    assert pdq_as_threatexchange(image) is None
    own = pdq_of_image(image).original
    assert (own.hex, own.quality) == pdq_from_bytes(data)


def test_a_bilevel_image_has_no_hash_python_threatexchange_would_share():
    data = saved(sample("camera.png").convert("1"), "PNG")
    assert pdq_as_threatexchange(open_image(data)) is None
    assert pdq_from_bytes(data)[1] < 50  # it reads 0/1 as grey: a flat image, never shared
