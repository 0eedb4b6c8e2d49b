"""What the isolated decoder computes for one file: hashes, and a blurred grey thumbnail.

Runs inside the child process of isolation.py. Thumbnails are made on the server so that a
clear image is never sent to an analyst's browser unless they ask for it (DOMAIN.md).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFilter

from meldpunt.core.hashing.fingerprint import Fingerprint, fingerprint_bytes, fingerprint_file
from meldpunt.core.hashing.images import open_image
from meldpunt.core.media_types import MediaKind, sniff

THUMBNAIL_EDGE = 320
BLUR_RADIUS = 6
STRIP_FRAMES = 4


@dataclass(frozen=True)
class Analysis:
    """Hashes of one file and, for images and videos, a blurred greyscale JPEG preview."""

    fingerprint: Fingerprint
    thumbnail: bytes | None


def analyse(data: bytes) -> Analysis:
    """Hash and preview, choosing by magic bytes."""
    if sniff(data[:512]) is MediaKind.VIDEO:
        return _analyse_video(data)
    fingerprint = fingerprint_bytes(data)
    thumbnail = _image_thumbnail(data) if fingerprint.pdq is not None else None
    return Analysis(fingerprint, thumbnail)


def blurred_grey(image: Image.Image, edge: int = THUMBNAIL_EDGE) -> Image.Image:
    """Small, grey and blurred: enough to recognise a scene, not its detail.

    The blur is made at half the preview's size with half the radius, then scaled up: the
    same softness for a quarter of the work. A JPEG is decoded straight at that half size
    (DCT scaling), which skips most of a second full decode.
    """
    scale = min(1.0, edge / max(image.width, image.height))
    fitted = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    half = (max(1, fitted[0] // 2), max(1, fitted[1] // 2))
    image.draft("L", half)
    grey = image.convert("L")
    if grey.size != half:
        grey = grey.resize(half, Image.Resampling.BILINEAR, reducing_gap=2.0)
    blurred = grey.filter(ImageFilter.GaussianBlur(BLUR_RADIUS / 2))
    return blurred.resize(fitted, Image.Resampling.BILINEAR)


def _image_thumbnail(data: bytes) -> bytes:
    return _jpeg(blurred_grey(open_image(data)))


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _analyse_video(data: bytes) -> Analysis:
    """vpdq and PyAV need a path: an anonymous in-memory file, never a file on disk."""
    descriptor = os.memfd_create("meldpunt-video", 0)
    try:
        os.write(descriptor, data)
        path = Path(f"/proc/self/fd/{descriptor}")
        fingerprint = fingerprint_file(path)
        strip = _video_strip(path) if fingerprint.frames else None
        return Analysis(fingerprint, strip)
    finally:
        os.close(descriptor)


def _video_strip(path: Path) -> bytes | None:
    """A few evenly spaced frames side by side, grey and blurred; None without PyAV."""
    try:
        import av
    except ImportError:
        return None
    try:
        with av.open(str(path)) as container:
            frames = [frame.to_image() for frame in container.decode(video=0)]  # type: ignore[no-untyped-call,unused-ignore]
    except (av.FFmpegError, ValueError):
        return None
    if not frames:
        return None
    step = max(1, len(frames) // STRIP_FRAMES)
    chosen = [blurred_grey(f, THUMBNAIL_EDGE // 2) for f in frames[::step][:STRIP_FRAMES]]
    strip = Image.new("L", (sum(f.width for f in chosen), max(f.height for f in chosen)))
    left = 0
    for frame in chosen:
        strip.paste(frame, (left, 0))
        left += frame.width
    return _jpeg(strip)
