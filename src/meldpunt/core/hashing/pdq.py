"""PDQ perceptual hashes, bit-identical to the reference (Facebook's PDQ, as pdqhash wraps it)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from PIL import Image

from meldpunt.core.hashing import _pdqkernel
from meldpunt.core.hashing.images import DEFAULT_MAX_PIXELS, Pixels, decode, open_image

TRUSTED_QUALITY = 50
HASH_BYTES = 32


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
