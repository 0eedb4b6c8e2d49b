"""Every hash Meldpunt keeps for one file: digests always, PDQ when it is an image."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meldpunt.core.hashing.digests import Digests, digest_chunks, digest_file
from meldpunt.core.hashing.images import ImageProblem, ImageRejected
from meldpunt.core.hashing.pdq import DihedralHashes, pdq_exact, pdq_fast

MAX_IMAGE_BYTES = 256 * 2**20  # larger files get digests only; no real image is this big


@dataclass(frozen=True)
class Fingerprint:
    """Digests, the PDQ hashes of all 8 orientations if it is an image, or why it is not one."""

    digests: Digests
    pdq: DihedralHashes | None
    image_problem: ImageProblem | None


def fingerprint_bytes(data: bytes, fast: bool = False) -> Fingerprint:
    """Hash bytes already in memory."""
    digests = digest_chunks([data])
    try:
        pdq = (pdq_fast if fast else pdq_exact)(data, dihedral=True)
    except ImageRejected as rejected:
        return Fingerprint(digests, None, rejected.problem)
    return Fingerprint(digests, pdq, None)


def fingerprint_file(path: Path, fast: bool = False) -> Fingerprint:
    """Hash a file; one too large to be an image gets streamed digests only."""
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return Fingerprint(digest_file(path), None, ImageProblem.TOO_LARGE)
    return fingerprint_bytes(path.read_bytes(), fast)
