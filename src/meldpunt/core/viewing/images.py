"""Server-made derivatives of a stored image, one per reveal step, decoded in the isolated child.

A derivative is always a new JPEG made from the decoded pixels: never the original bytes, and
without the original's metadata (EXIF, GPS, ICC profile, comments). Grey steps are single-channel
JPEGs, so no colour reaches the browser before the colour step. Decoding happens in the limited
child of hashing/isolation.py, under the same pixel limit as the capture's hashing.
"""

from __future__ import annotations

import io
from functools import partial

from PIL import ExifTags, Image, ImageFilter, ImageOps

from meldpunt.core.hashing.analysis import fitted
from meldpunt.core.hashing.images import ImageProblem, ImageRejected, open_image
from meldpunt.core.hashing.isolation import DecodeLimits, run_isolated
from meldpunt.core.media_types import MAX_BYTES, MediaKind
from meldpunt.core.viewing.steps import RevealStep

CONTENT_TYPE = "image/jpeg"
JPEG_QUALITY = 85


def derivative(data: bytes, step: RevealStep, limits: DecodeLimits | None = None) -> bytes:
    """The JPEG the analyst sees at `step`, made in the decoder child.

    Raises ImageRejected (with its ImageProblem) for bytes that are not an image, are too large,
    declare too many pixels or are damaged, and IsolationFailure if the child crashed, ran out
    of memory or time."""
    if len(data) > MAX_BYTES[MediaKind.IMAGE]:
        raise ImageRejected(ImageProblem.TOO_LARGE, f"{len(data)} bytes")
    outcome = run_isolated(data, partial(make_derivative, step=step), limits)
    if isinstance(outcome, ImageProblem):
        raise ImageRejected(outcome)
    return outcome


def make_derivative(data: bytes, step: RevealStep) -> bytes | ImageProblem:
    """The derivative, or why there is none; runs inside the decoder child."""
    try:
        image = open_image(data)
        return _encode(_render(image, step))
    except ImageRejected as rejected:
        return rejected.problem
    except (OSError, ValueError, SyntaxError, EOFError):
        return ImageProblem.DAMAGED  # the pixels did not decode; the reason may quote them


def _render(image: Image.Image, step: RevealStep) -> Image.Image:
    """Upright as the camera meant, fitted to the step's size, grey and blurred as it says."""
    look = step.look
    upright = _upright(image, look.max_edge)
    shown = fitted(upright, look.max_edge, "L" if look.grey else "RGB")
    if look.blur:
        shown = shown.filter(ImageFilter.GaussianBlur(look.blur * max(shown.size)))
    return shown


def _upright(image: Image.Image, edge: int) -> Image.Image:
    """The image turned by its EXIF orientation; a JPEG is first decoded near `edge` (cheap)."""
    if image.getexif().get(ExifTags.Base.Orientation, 1) == 1:
        return image
    image.draft(image.mode, (edge, edge))
    return ImageOps.exif_transpose(image)


def _encode(image: Image.Image) -> bytes:
    """A JPEG of the pixels alone: a fresh image carries no metadata of the original's."""
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()
