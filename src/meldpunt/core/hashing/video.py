"""vPDQ video hashes: the PDQ hash of one frame per second, from Meta's vpdq ([video] extra).

vpdq decodes with FFmpeg's libraries and needs a file path. Callers pass only files Meldpunt
itself wrote; any failure to open or decode becomes VideoRejected with no content in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meldpunt.core.hashing.pdq import PdqHash


@dataclass(frozen=True)
class FrameHash:
    """One sampled frame: where it is in the video, and its PDQ hash."""

    frame_number: int
    timestamp: float
    pdq: PdqHash


class VideoHashingUnavailable(RuntimeError):
    """The optional vpdq package is not installed."""


class VideoRejected(ValueError):
    """The file could not be decoded as a video."""


def vpdq_available() -> bool:
    """Whether the [video] extra is installed."""
    try:
        import vpdq  # noqa: F401
    except ImportError:
        return False
    return True


def video_hashes(path: Path, seconds_per_hash: float = 1.0) -> tuple[FrameHash, ...]:
    """Frame hashes every `seconds_per_hash` seconds (0: every frame)."""
    try:
        import vpdq
    except ImportError:
        raise VideoHashingUnavailable(
            "video hashing needs the [video] extra: pip install 'meldpunt[video]' (see README)"
        ) from None
    try:
        features = vpdq.computeHash(str(path), seconds_per_hash=seconds_per_hash, thread_count=1)
    except Exception:  # vpdq raises bare Exception for undecodable input
        raise VideoRejected("the file could not be decoded as a video") from None
    return tuple(
        FrameHash(f.frame_number, float(f.timestamp), PdqHash(bytes.fromhex(f.hex), f.quality))
        for f in features
    )
