"""Previews are small, grey and blurred: the scene is there, its detail is not."""

import io

import numpy as np
import pytest
from PIL import Image

from meldpunt.core.hashing.analysis import THUMBNAIL_EDGE, analyse
from tests.support.imagesets import encode, sample


def detail(image: Image.Image) -> float:
    """Mean strength of the edges (a Laplacian): what blurring takes away."""
    x = np.asarray(image, dtype=np.float32)
    centre = 4 * x[1:-1, 1:-1]
    return float(np.abs(centre - x[:-2, 1:-1] - x[2:, 1:-1] - x[1:-1, :-2] - x[1:-1, 2:]).mean())


@pytest.mark.parametrize(("name", "kind"), [("chelsea.png", "JPEG"), ("coffee.png", "PNG")])
def test_the_preview_keeps_the_scene_and_loses_the_detail(name, kind):
    photo = encode(sample(name), kind)
    preview = Image.open(io.BytesIO(analyse(photo).thumbnail))
    original = Image.open(io.BytesIO(photo))
    assert preview.mode == "L" and max(preview.size) == THUMBNAIL_EDGE
    assert abs(preview.width / preview.height - original.width / original.height) < 0.02
    plain = original.convert("L").resize(preview.size)
    assert detail(preview) < 0.2 * detail(plain)  # blurred: a fifth of the edges at most
    means = np.asarray(preview, dtype=np.float32).mean(), np.asarray(plain, np.float32).mean()
    assert abs(means[0] - means[1]) < 8  # the same scene, in brightness at least


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [("P", "PNG"), ("1", "PNG"), ("LA", "PNG"), ("RGBA", "PNG"), ("I;16", "PNG"), ("CMYK", "JPEG")],
)
def test_every_common_pixel_format_gets_a_preview(mode, fmt):
    image = sample("chelsea.png").convert("RGB")
    converted = image.convert("I").convert(mode) if mode == "I;16" else image.convert(mode)
    buffer = io.BytesIO()
    converted.save(buffer, fmt)
    result = analyse(buffer.getvalue())
    assert result.fingerprint.pdq is not None and result.thumbnail is not None
    preview = Image.open(io.BytesIO(result.thumbnail))
    assert preview.mode == "L" and max(preview.size) == THUMBNAIL_EDGE
