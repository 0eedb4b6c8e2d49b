"""What the isolated decoder computes for one file: hashes, and a blurred grey thumbnail.

Runs inside the child process of isolation.py. Thumbnails are made on the server so that a
clear image is never sent to an analyst's browser unless they ask for it (DOMAIN.md).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from PIL import Image, ImageFilter

from meldpunt.core.hashing.fingerprint import Fingerprint, fingerprint_file, fingerprint_image
from meldpunt.core.media_types import MediaKind, sniff

THUMBNAIL_EDGE = 160  # the viewer shows it larger: blurred, it has no detail to lose
BLUR_RADIUS = 3
STRIP_FRAMES = 4
STRIP_SOURCE_FRAMES = 36_000  # twenty minutes at 30 frames a second; later frames are not seen
STRIP_HELD = 32  # small frames held while decoding: the chosen ones are spaced within 1/32

Frame = TypeVar("Frame")


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


def blurred_grey(
    image: Image.Image, edge: int = THUMBNAIL_EDGE, radius: float = BLUR_RADIUS
) -> Image.Image:
    """Small, grey and blurred: enough to recognise a scene, not its detail."""
    return fitted(image, edge, "L").filter(ImageFilter.GaussianBlur(radius))


def fitted(image: Image.Image, edge: int, mode: str) -> Image.Image:
    """`image` in `mode` ("L" or "RGB"), at most `edge` pixels on its longer side, never enlarged.

    An image already decoded (for its hash) is first reduced by a whole factor, which is cheap;
    a JPEG not yet decoded is decoded straight at about the wanted size (DCT scaling).
    """
    scale = min(1.0, edge / max(image.width, image.height))
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    image.draft(mode, size)  # only a JPEG not yet decoded; anything else ignores it
    converted = image.convert(mode)
    factor = min(converted.width // size[0], converted.height // size[1])
    if factor > 1:
        converted = converted.reduce(factor)
    if converted.size != size:
        converted = converted.resize(size, Image.Resampling.BILINEAR)
    return converted


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
        strip = video_strip(path) if with_strip and fingerprint.frames else None
        return Analysis(fingerprint, strip)
    finally:
        os.close(descriptor)


def video_strip(source: Path | BinaryIO, columns: int = STRIP_FRAMES) -> bytes | None:
    """A few evenly spaced frames, grey and blurred, `columns` to a row; None without PyAV.

    Frames are made small as they are decoded and only a few dozen are held, and at most
    STRIP_SOURCE_FRAMES are decoded, so that a long or high-resolution video cannot exhaust
    the decoder's memory."""
    try:
        import av
    except ImportError:
        return None
    try:
        with av.open(str(source) if isinstance(source, Path) else source, "r") as container:
            decoded = islice(container.decode(video=0), STRIP_SOURCE_FRAMES)
            small = _evenly_spaced(decoded, STRIP_FRAMES, _small_grey)
    except (av.FFmpegError, ValueError):
        return None
    frames = [blurred_grey(frame) for frame in small]
    return _jpeg(_contact_sheet(frames, columns)) if frames else None


def _small_grey(frame: Any) -> Image.Image:
    """A decoded PyAV frame as a grey image of the preview's size."""
    return fitted(frame.to_image(), THUMBNAIL_EDGE, "L")


def _evenly_spaced(
    frames: Iterable[Frame], count: int, shrink: Callable[[Frame], Image.Image]
) -> list[Image.Image]:
    """`count` evenly spaced frames of a sequence of unknown length, shrunk, in constant memory.

    Every stride-th frame is kept, and the stride doubles (dropping every other frame kept)
    whenever more than STRIP_HELD are held; only kept frames are shrunk."""
    kept: list[Image.Image] = []
    stride = 1
    for index, frame in enumerate(frames):
        if index % stride == 0:
            kept.append(shrink(frame))
        if len(kept) > STRIP_HELD:
            kept, stride = kept[::2], stride * 2
    if len(kept) <= count:
        return kept
    last = len(kept) - 1  # from the first kept to the last, so that the end is seen too
    return [kept[round(number * last / max(1, count - 1))] for number in range(count)]


def _contact_sheet(frames: list[Image.Image], columns: int) -> Image.Image:
    """The frames in rows of `columns`, left to right and top to bottom."""
    width, height = max(f.width for f in frames), max(f.height for f in frames)
    rows = -(-len(frames) // columns)
    sheet = Image.new("L", (width * min(columns, len(frames)), height * rows))
    for number, frame in enumerate(frames):
        sheet.paste(frame, ((number % columns) * width, (number // columns) * height))
    return sheet
