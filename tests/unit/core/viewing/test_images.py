"""Image derivatives: sized and grey as each step says, blurred for real, re-encoded clean."""

import io

import numpy as np
import pytest
from PIL import ExifTags, Image, ImageCms

from meldpunt.core.hashing.images import ImageProblem, ImageRejected
from meldpunt.core.media_types import MAX_BYTES, MediaKind
from meldpunt.core.viewing.images import derivative
from meldpunt.core.viewing.steps import RevealStep
from tests.support.imagesets import encode, png_declaring, sample, saved

PORTRAIT = sample("astronaut.png").resize((2000, 3000))  # taller than every step's edge
PHOTO = encode(PORTRAIT, "JPEG", 90)


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def detail(image: Image.Image) -> float:
    """Mean strength of the edges (a Laplacian): what blurring takes away."""
    x = np.asarray(image.convert("L"), dtype=np.float32)
    centre = 4 * x[1:-1, 1:-1]
    return float(np.abs(centre - x[:-2, 1:-1] - x[2:, 1:-1] - x[1:-1, :-2] - x[1:-1, 2:]).mean())


@pytest.mark.parametrize(
    ("step", "mode", "size"),
    [
        (RevealStep.BLURRED, "L", (213, 320)),
        (RevealStep.LESS_BLURRED, "L", (213, 320)),
        (RevealStep.SHARP_GREY, "L", (683, 1024)),
        (RevealStep.COLOUR, "RGB", (1067, 1600)),
    ],
)
def test_each_step_has_its_size_and_channels(step, mode, size):
    made = opened(derivative(PHOTO, step))
    assert made.format == "JPEG" and made.mode == mode and made.size == size
    assert len(made.getbands()) == (1 if step.look.grey else 3)


def test_the_blurred_steps_are_at_most_320_wide_whatever_the_shape():
    wide = encode(sample("coffee.png").resize((3000, 400)), "PNG")
    for step in (RevealStep.BLURRED, RevealStep.LESS_BLURRED):
        assert opened(derivative(wide, step)).size == (320, 43)


def test_a_small_image_is_not_enlarged():
    small = encode(sample("chelsea.png").resize((120, 90)), "PNG")
    assert {opened(derivative(small, step)).size for step in RevealStep} == {(120, 90)}


def test_blur_takes_the_detail_away_step_by_step():
    plain = PORTRAIT.convert("L").resize((213, 320), Image.Resampling.BILINEAR)
    blurred, lighter = (opened(derivative(PHOTO, s)) for s in RevealStep if s.look.blur)
    sharp = opened(derivative(PHOTO, RevealStep.SHARP_GREY)).resize(plain.size)
    assert detail(blurred) < 0.2 * detail(plain)
    assert detail(blurred) < detail(lighter) < 0.8 * detail(plain)
    assert detail(sharp) > 0.8 * detail(plain)
    # the same scene all the same: brightness stays
    assert abs(np.asarray(blurred, np.float32).mean() - np.asarray(plain, np.float32).mean()) < 8


def test_the_colour_step_keeps_the_colours():
    original = sample("coffee.png")
    made = opened(derivative(encode(original, "PNG"), RevealStep.COLOUR))
    means = np.asarray(made, np.float32).mean(axis=(0, 1))
    assert np.abs(means - np.asarray(original, np.float32).mean(axis=(0, 1))).max() < 4


def with_metadata(image: Image.Image, orientation: int = 1) -> bytes:
    """A JPEG with a camera make, a GPS position, an orientation, an ICC profile and a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Camera Maker"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 1.0)
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return saved(
        image.convert("RGB"),
        "JPEG",
        quality=90,
        exif=exif.tobytes(),
        icc_profile=profile,
        comment=b"shot at home",
    )


@pytest.mark.parametrize("step", list(RevealStep))
def test_no_metadata_of_the_original_survives(step):
    original = with_metadata(sample("chelsea.png"))
    assert b"Camera Maker" in original and b"shot at home" in original
    data = derivative(original, step)
    made = opened(data)
    assert not made.getexif() and not {"exif", "icc_profile", "comment"} & set(made.info)
    assert b"Exif" not in data and b"Camera Maker" not in data and b"shot at home" not in data


def test_a_derivative_is_never_the_original_bytes():
    already_small = encode(sample("chelsea.png").resize((300, 200)), "JPEG", 85)
    assert derivative(already_small, RevealStep.COLOUR) != already_small


def test_the_image_is_turned_upright_as_the_camera_says():
    landscape = sample("chelsea.png").resize((400, 300))
    turned = opened(derivative(with_metadata(landscape, orientation=6), RevealStep.COLOUR))
    assert turned.size == (300, 400)


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [("P", "PNG"), ("1", "PNG"), ("LA", "PNG"), ("RGBA", "PNG"), ("I;16", "PNG"), ("CMYK", "JPEG")],
)
def test_every_common_pixel_format_gets_every_step(mode, fmt):
    image = sample("chelsea.png").convert("RGB")
    converted = image.convert("I").convert(mode) if mode == "I;16" else image.convert(mode)
    data = saved(converted, fmt)
    assert [opened(derivative(data, step)).mode for step in RevealStep] == ["L", "L", "L", "RGB"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (png_declaring(60000, 60000), ImageProblem.TOO_MANY_PIXELS),
        (png_declaring(9000, 9000), ImageProblem.TOO_MANY_PIXELS),  # 81 Mpx: past our 50
        (PHOTO[: len(PHOTO) // 3], ImageProblem.DAMAGED),
        (b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, ImageProblem.NOT_AN_IMAGE),
        (b"GIF89a\xff\xff\xff\xff", ImageProblem.NOT_AN_IMAGE),
        (b"plain text, not an image", ImageProblem.NOT_AN_IMAGE),
        (b"", ImageProblem.NOT_AN_IMAGE),
    ],
)
def test_bombs_and_garbage_are_refused_with_the_reason(data, problem):
    for step in (RevealStep.BLURRED, RevealStep.COLOUR):
        with pytest.raises(ImageRejected) as refused:
            derivative(data, step)
        assert refused.value.problem is problem


def test_a_file_past_the_image_size_limit_is_refused_unread():
    with pytest.raises(ImageRejected) as refused:
        derivative(PHOTO + bytes(MAX_BYTES[MediaKind.IMAGE]), RevealStep.BLURRED)
    assert refused.value.problem is ImageProblem.TOO_LARGE
