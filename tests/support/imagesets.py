"""Benign test images: scikit-image's bundled sample photos, cropped, scaled, noised, encoded."""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files

import numpy as np
from PIL import Image

# Files that ship inside the scikit-image wheel: read from disk, never fetched.
SAMPLES = (
    "astronaut.png",
    "camera.png",
    "coffee.png",
    "chelsea.png",
    "rocket.jpg",
    "horse.png",
    "page.png",
    "moon.png",
    "ihc.png",
    "hubble_deep_field.jpg",
    "coins.png",
    "text.png",
    "brick.png",
    "grass.png",
    "gravel.png",
    "color.png",
    "logo.png",
    "retina.jpg",
    "motorcycle_left.png",
    "clock_motion.png",
    "cell.png",
    "microaneurysms.png",
    "phantom.png",
    "chessboard_RGB.png",
)
SIZES = (
    (640, 480),
    (800, 600),
    (1024, 768),
    (1280, 960),
    (1600, 1200),
    (2048, 1536),
    (3000, 2000),
    (480, 640),
    (2000, 3000),
)


@dataclass(frozen=True)
class EncodedImage:
    """An encoded benign image and how it was made."""

    name: str
    blob: bytes
    size: tuple[int, int]
    fmt: str


def sample(name: str) -> Image.Image:
    """One of scikit-image's bundled sample pictures, as grey or RGB."""
    with (files("skimage") / "data" / name).open("rb") as handle:
        image = Image.open(handle)
        image.load()
    return image if image.mode in ("L", "RGB") else image.convert("RGB")


def encode(image: Image.Image, fmt: str, quality: int = 90) -> bytes:
    """JPEG or PNG bytes."""
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB" if image.mode not in ("L", "RGB") else image.mode).save(
            buffer, "JPEG", quality=quality
        )
    else:
        image.save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


def variant(image: Image.Image, size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A random crop (70-100%), scaled to size, with mild noise on half of them."""
    width, height = image.size
    keep = rng.uniform(0.7, 1.0)
    w, h = int(width * keep), int(height * keep)
    left, top = rng.randint(0, width - w), rng.randint(0, height - h)
    result = image.crop((left, top, left + w, top + h)).resize(size, Image.BICUBIC)
    if rng.random() < 0.5:
        pixels = np.asarray(result).astype(np.int16)
        noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 4, pixels.shape)
        result = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8))
    return result


def mixed_set(count: int, seed: int = 7, png_share: float = 0.3) -> Iterator[EncodedImage]:
    """JPEGs (quality 70-95) and PNGs from 640x480 to 3000x2000."""
    rng = random.Random(seed)
    cache: dict[str, Image.Image] = {}
    for index in range(count):
        name = SAMPLES[index % len(SAMPLES)]
        base = cache.setdefault(name, sample(name))
        size = SIZES[rng.randrange(len(SIZES))]
        fmt = "PNG" if rng.random() < png_share else "JPEG"
        image = variant(base, size, rng)
        yield EncodedImage(f"{name}-{index}", encode(image, fmt, rng.randint(70, 95)), size, fmt)


def sinusoids(size: tuple[int, int], periods: tuple[float, ...], noise: float, seed: int = 1):
    """Grey plane waves of the given periods (pixels), random directions and phases, plus noise.

    Fine periods alias in PDQ's own blur, so the hash depends on every full-resolution pixel:
    the case that shows whether an implementation really computes what the reference does."""
    width, height = size
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    waves = np.zeros((height, width), np.float32)
    for period in periods:
        angle, phase = rng.uniform(0, np.pi), rng.uniform(0, 2 * np.pi)
        waves += np.sin(2 * np.pi * (x * np.cos(angle) + y * np.sin(angle)) / period + phase)
    pixels = waves / len(periods) * 100 + 128 + rng.normal(0, noise, waves.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


_WORDS = ("the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "while", "five")


def text_page(size: tuple[int, int], font_size: int, seed: int = 1) -> Image.Image:
    """A page of black words on white in Pillow's bundled font: sharp edges, fine detail."""
    from PIL import ImageDraw, ImageFont

    rng = random.Random(seed)
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=font_size)
    for top in range(font_size, size[1] - font_size, int(font_size * 1.4)):
        line = " ".join(rng.choice(_WORDS) for _ in range(size[0] // font_size))
        draw.text((font_size, top), line, fill=0, font=font)
    return page


def saved(image: Image.Image, fmt: str, **options: object) -> bytes:
    """The image in any format Pillow writes, with its save options."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def cmyk_with_black(rgb: Image.Image) -> Image.Image:
    """CMYK with black generated (K = min(C, M, Y)), as print workflows write it; Pillow's own
    RGB to CMYK conversion leaves K at 0."""
    cmy = 255 - np.asarray(rgb, dtype=np.int16)
    black = cmy.min(axis=2, keepdims=True)
    return Image.fromarray(np.concatenate([cmy - black, black], axis=2).astype(np.uint8), "CMYK")


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas: a decompression bomb's signature."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + idat + _png_chunk(b"IEND", b"")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
