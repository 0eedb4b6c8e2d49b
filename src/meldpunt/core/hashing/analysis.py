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

from meldpunt.core.hashing.fingerprint import Fingerprint, fingerprint_file, fingerprint_image
from meldpunt.core.media_types import MediaKind, sniff

THUMBNAIL_EDGE = 160  # the viewer shows it larger: blurred, it has no detail to lose
BLUR_RADIUS = 3
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
    fingerprint, image = fingerprint_image(data)
    thumbnail = _jpeg(blurred_grey(image)) if image is not None else None
    return Analysis(fingerprint, thumbnail)


def hashes_only(data: bytes) -> Analysis:
    """Hash without a preview: for the command line, which shows none."""
    if sniff(data[:512]) is MediaKind.VIDEO:
        return _analyse_video(data, with_strip=False)
    return Analysis(fingerprint_image(data)[0], None)


def blurred_grey(image: Image.Image, edge: int = THUMBNAIL_EDGE) -> Image.Image:
    """Small, grey and blurred: enough to recognise a scene, not its detail.

    An image already decoded (for its hash) is first reduced by a whole factor, which is cheap;
    a JPEG not yet decoded is decoded straight at about the preview's size (DCT scaling).
    """
    scale = min(1.0, edge / max(image.width, image.height))
    fitted = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image.draft("L", fitted)  # only a JPEG not yet decoded; anything else ignores it
    grey = image.convert("L")
    factor = min(grey.width // fitted[0], grey.height // fitted[1])
    if factor > 1:
        grey = grey.reduce(factor)
    if grey.size != fitted:
        grey = grey.resize(fitted, Image.Resampling.BILINEAR)
    return grey.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _analyse_video(data: bytes, with_strip: bool = True) -> Analysis:
    """vpdq and PyAV need a path: an anonymous in-memory file, never a file on disk."""
    descriptor = os.memfd_create("meldpunt-video", 0)
    try:
        os.write(descriptor, data)
        path = Path(f"/proc/self/fd/{descriptor}")
        fingerprint = fingerprint_file(path)
        strip = _video_strip(path) if with_strip and fingerprint.frames else None
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
    chosen = [blurred_grey(f) for f in frames[::step][:STRIP_FRAMES]]
    strip = Image.new("L", (sum(f.width for f in chosen), max(f.height for f in chosen)))
    left = 0
    for frame in chosen:
        strip.paste(frame, (left, 0))
        left += frame.width
    return _jpeg(strip)
