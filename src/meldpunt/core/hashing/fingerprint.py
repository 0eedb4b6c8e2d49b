"""Every hash Meldpunt keeps for one file: digests always, PDQ for images, vPDQ for videos."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from meldpunt.core.hashing.digests import Digests, digest_chunks, digest_file
from meldpunt.core.hashing.images import ImageProblem, ImageRejected, open_image
from meldpunt.core.hashing.pdq import DihedralHashes, PdqHash, pdq_of_image
from meldpunt.core.hashing.threatexchange_pdq import pdq_as_threatexchange
from meldpunt.core.hashing.video import (
    FrameHash,
    VideoHashingUnavailable,
    VideoRejected,
    video_hashes,
)
from meldpunt.core.media_types import MediaKind, sniff

MAX_IMAGE_BYTES = 256 * 2**20  # larger files get digests only; no real image is this big
VIDEO_DAMAGED = "video_damaged"
VIDEO_EXTRA_MISSING = "video_extra_missing"


@dataclass(frozen=True)
class Fingerprint:
    """Digests; PDQ of all 8 orientations for an image; frame hashes for a video; or why not.

    A palette or CMYK image also gets the PDQ python-threatexchange computes for it, which
    differs (see threatexchange_pdq), so that partners' hashes of it still match.
    """

    digests: Digests
    pdq: DihedralHashes | None = None
    frames: tuple[FrameHash, ...] | None = None
    problem: str | None = None
    pdq_threatexchange: PdqHash | None = None


def fingerprint_image(data: bytes) -> tuple[Fingerprint, Image.Image | None]:
    """Hash exactly, and hand back the decoded image for further use (None if not an image)."""
    digests = digest_chunks([data])
    try:
        image = open_image(data)
        pdq = pdq_of_image(image, dihedral=True)
        return Fingerprint(digests, pdq, pdq_threatexchange=pdq_as_threatexchange(image)), image
    except ImageRejected as rejected:
        return Fingerprint(digests, problem=rejected.problem.value), None


def fingerprint_file(path: Path) -> Fingerprint:
    """Hash a file: videos by frame when the [video] extra is there, images by PDQ."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if sniff(head) is MediaKind.VIDEO:
        return _video(path)
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return Fingerprint(digest_file(path), problem=ImageProblem.TOO_LARGE.value)
    return fingerprint_image(path.read_bytes())[0]


def _video(path: Path) -> Fingerprint:
    digests = digest_file(path)
    try:
        return Fingerprint(digests, frames=video_hashes(path))
    except VideoHashingUnavailable:
        return Fingerprint(digests, problem=VIDEO_EXTRA_MISSING)
    except VideoRejected:
        return Fingerprint(digests, problem=VIDEO_DAMAGED)
