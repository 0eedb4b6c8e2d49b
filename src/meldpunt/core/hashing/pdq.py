"""PDQ perceptual hashes: exact mode (bit-identical to the reference) and fast mode."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from PIL import Image

from meldpunt.core.hashing import _pdqkernel
from meldpunt.core.hashing.downsample import downsample, reference_window
from meldpunt.core.hashing.images import (
    DEFAULT_MAX_PIXELS,
    ImageProblem,
    ImageRejected,
    Pixels,
    decode,
    open_image,
)

TRUSTED_QUALITY = 50
HASH_BYTES = 32
FAST_BLOCKS_PER_WINDOW = 2  # the reduction block is at most half the blur window


class Variant(IntEnum):
    """The eight dihedral transforms, in the order the kernel returns them."""

    ORIGINAL = 0
    ROTATE_90 = 1
    ROTATE_180 = 2
    ROTATE_270 = 3
    FLIP_X = 4
    FLIP_Y = 5
    FLIP_PLUS_1 = 6
    FLIP_MINUS_1 = 7


@dataclass(frozen=True)
class PdqHash:
    """A 256-bit PDQ hash and the quality of the image it came from."""

    bits: bytes
    quality: int

    @property
    def hex(self) -> str:
        """64 hex digits, the form hash lists exchange."""
        return self.bits.hex()

    @property
    def trusted(self) -> bool:
        """Hashes of flat or featureless images (quality < 50) are not used for matching."""
        return self.quality >= TRUSTED_QUALITY

    def distance(self, other: PdqHash) -> int:
        """Hamming distance in bits."""
        return hamming(self.bits, other.bits)


@dataclass(frozen=True)
class DihedralHashes:
    """The hash of the image and of its seven rotations and mirror images."""

    variants: tuple[PdqHash, ...]

    @property
    def original(self) -> PdqHash:
        """The hash of the image as it is."""
        return self.variants[Variant.ORIGINAL]


def hamming(a: bytes, b: bytes) -> int:
    """Differing bits between two equal-length byte strings."""
    return (int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).bit_count()


def hash_pixels(pixels: Pixels, variants: int = 1) -> DihedralHashes:
    """Run the exact kernel on decoded pixels."""
    packed, quality = _pdqkernel.hash(
        pixels.data, pixels.rows, pixels.cols, pixels.channels, 0, 0, variants
    )
    return _unpack(packed, quality)


def _unpack(packed: bytes, quality: int) -> DihedralHashes:
    return DihedralHashes(
        tuple(
            PdqHash(packed[i : i + HASH_BYTES], quality) for i in range(0, len(packed), HASH_BYTES)
        )
    )


def pdq_exact(
    data: bytes, dihedral: bool = False, max_pixels: int = DEFAULT_MAX_PIXELS
) -> DihedralHashes:
    """Bit-identical to pdqhash.compute on `Image.open(...).convert("RGB")`."""
    return pdq_of_image(open_image(data, max_pixels), dihedral)


def pdq_of_image(image: Image.Image, dihedral: bool = False) -> DihedralHashes:
    """pdq_exact of an opened image (see open_image), which is left loaded for further use."""
    return hash_pixels(decode(image), variants=8 if dihedral else 1)


def pdq_fast(
    data: bytes, dihedral: bool = False, max_pixels: int = DEFAULT_MAX_PIXELS
) -> DihedralHashes:
    """Decode at reduced scale (JPEG DCT scaling, else a box reduce); same blur, fewer pixels."""
    image = open_image(data, max_pixels)
    width, height = image.size
    scale = reduction_for(width, height)
    pixels = decode(_reduced(image, scale) if scale > 1 else image)
    if scale == 1 or (pixels.cols, pixels.rows) != (-(-width // scale), -(-height // scale)):
        return hash_pixels(pixels, variants=8 if dihedral else 1)
    grid = downsample(luma_of(pixels), height, width, scale)
    packed, quality = _pdqkernel.hash_grid(grid.tobytes(), 8 if dihedral else 1)
    return _unpack(packed, quality)


def luma_of(pixels: Pixels) -> np.ndarray:
    """Float luma with the reference's weights."""
    array = np.frombuffer(pixels.data, dtype=np.uint8).reshape(pixels.rows, pixels.cols, -1)
    if pixels.channels == 1:
        return array[:, :, 0].astype(np.float32)
    weights = np.array([0.299, 0.587, 0.114], dtype=np.float32)
    return array.astype(np.float32) @ weights


def reduction_for(width: int, height: int) -> int:
    """The largest of 8, 4, 2 no wider than half the reference's own blur window.

    A reduced pixel averages scale x scale pixels; while that block stays well inside the
    blur, summing the blur's weights over it loses almost nothing (measured: conformance).
    """
    window = reference_window(min(width, height))
    for scale in (8, 4, 2):
        if scale * FAST_BLOCKS_PER_WINDOW <= window:
            return scale
    return 1


def _reduced(image: Image.Image, scale: int) -> Image.Image:
    width, height = image.size
    try:
        if image.format == "JPEG":
            image.draft(
                "L" if image.mode == "L" else "RGB", (-(-width // scale), -(-height // scale))
            )
            return image
        image.load()
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        return image.reduce(scale)
    except (OSError, ValueError, SyntaxError, MemoryError) as error:
        raise ImageRejected(ImageProblem.DAMAGED, type(error).__name__) from None
