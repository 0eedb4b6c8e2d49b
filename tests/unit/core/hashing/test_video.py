"""vPDQ through the optional [video] extra: frame hashes, sniffing, and damaged files."""

import io

import pytest
from PIL import Image

from meldpunt.core.hashing.fingerprint import VIDEO_DAMAGED, fingerprint_file
from meldpunt.core.hashing.isolation import analyse_isolated
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import ListKind
from meldpunt.core.hashlists.known import KnownContent, KnownEntry, ListProfile
from meldpunt.core.media_types import MediaKind, sniff
from tests.support.imagesets import encode, sample
from tests.support.videos import panned_video

pytest.importorskip(
    "vpdq", reason="video tests need the [video] extra (vpdq, built against FFmpeg)"
)


def test_a_video_gets_one_frame_hash_per_second(tmp_path):
    video = panned_video(tmp_path / "pan.mp4", seconds=3)
    assert sniff(video.read_bytes()[:512]) is MediaKind.VIDEO
    fingerprint = fingerprint_file(video)
    assert fingerprint.problem is None and fingerprint.pdq is None
    assert [round(f.timestamp) for f in fingerprint.frames] == [0, 1, 2]
    assert all(f.pdq.trusted for f in fingerprint.frames)


def test_a_listed_image_is_found_in_a_video_frame(tmp_path):
    video = panned_video(tmp_path / "pan.mp4", seconds=3)
    still = sample("astronaut.png").convert("RGB").resize((400, 300)).crop((10, 0, 330, 240))
    police = ListProfile(1, "police", ListKind.POSITIVE, 31)
    known = KnownContent(
        [police], [KnownEntry(7, 1, pdq=pdq_exact(encode(still, "PNG")).original.bits)]
    )
    fingerprint = fingerprint_file(video)
    outcome = known.match(fingerprint.digests, None, frames=fingerprint.frames)
    [match] = outcome.matches
    assert match.entry_id == 7 and match.frame_timestamp == pytest.approx(1.0)


def test_a_damaged_video_gets_digests_and_a_clear_problem(tmp_path):
    video = panned_video(tmp_path / "pan.mp4")
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(video.read_bytes()[:64])
    fingerprint = fingerprint_file(broken)
    assert fingerprint.problem == VIDEO_DAMAGED and fingerprint.frames is None
    assert len(fingerprint.digests.sha256) == 64


def test_a_video_is_analysed_in_the_child_with_a_frame_strip(tmp_path):
    video = panned_video(tmp_path / "pan.mp4", seconds=2)
    result = analyse_isolated(video.read_bytes())
    assert [round(f.timestamp) for f in result.fingerprint.frames] == [0, 1]
    strip = Image.open(io.BytesIO(result.thumbnail))
    assert strip.mode == "L" and strip.width > strip.height
    assert [p.name for p in tmp_path.iterdir()] == ["pan.mp4"]  # the child wrote no file
