"""Opening untrusted image bytes: header checks first, a pixel limit, clear refusals."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_PIXELS = 50_000_000  # 50 megapixels: far above any real photo, far below a bomb


class ImageProblem(StrEnum):
    """Why bytes could not be hashed as an image."""

    NOT_AN_IMAGE = "not_an_image"
    TOO_MANY_PIXELS = "too_many_pixels"
    DAMAGED = "damaged"
    TOO_LARGE = "too_large"


class ImageRejected(ValueError):
    """The bytes are not a decodable image within limits; only the reason is kept."""

    def __init__(self, problem: ImageProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem


@dataclass(frozen=True)
class Pixels:
    """Decoded 8-bit pixels, row-major, 1 (grey) or 3 (RGB) channels."""

    data: bytes
    rows: int
    cols: int
    channels: int


def open_image(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Read only the header; refuse non-images and images larger than the limit."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(ImageProblem.TOO_MANY_PIXELS, "declared size") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ImageRejected(ImageProblem.NOT_AN_IMAGE, type(error).__name__) from None
    width, height = image.size
    if width * height > max_pixels:
        raise ImageRejected(ImageProblem.TOO_MANY_PIXELS, f"{width}x{height}")
    return image


def decode(image: Image.Image) -> Pixels:
    """Decode fully into grey or RGB, as `Image.convert("RGB")` would give them."""
    try:
        image.load()
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        raw = image.tobytes()
    except (OSError, ValueError, SyntaxError, MemoryError) as error:
        raise ImageRejected(ImageProblem.DAMAGED, type(error).__name__) from None
    width, height = image.size
    return Pixels(raw, height, width, 1 if image.mode == "L" else 3)
