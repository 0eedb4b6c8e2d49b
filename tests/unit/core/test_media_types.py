"""Content is known by its first bytes, not by its name."""

import pytest

from meldpunt.core.hashing import fingerprint as fingerprint_module
from meldpunt.core.hashing.fingerprint import VIDEO_EXTRA_MISSING, fingerprint_file
from meldpunt.core.hashing.video import VideoHashingUnavailable
from meldpunt.core.media_types import MediaKind, sniff


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", MediaKind.IMAGE),
        (b"\x89PNG\r\n\x1a\n\x00\x00", MediaKind.IMAGE),
        (b"GIF89a\x01\x00", MediaKind.IMAGE),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", MediaKind.IMAGE),
        (b"\x00\x00\x00\x1cftypavif", MediaKind.IMAGE),
        (b"\x00\x00\x00\x18ftypisom", MediaKind.VIDEO),
        (b"\x00\x00\x00\x14ftypqt  ", MediaKind.VIDEO),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86", MediaKind.VIDEO),
        (b"RIFF\x00\x00\x00\x00AVI LIST", MediaKind.VIDEO),
        (b"\xef\xbb\xbf  <!DOCTYPE html><html>", MediaKind.HTML),
        (b"<HTML><body>", MediaKind.HTML),
        (b"%PDF-1.7", MediaKind.OTHER),
        (b"\x00\x00\x00\x18ftypzzzz", MediaKind.OTHER),
        (b"", MediaKind.OTHER),
    ],
)
def test_sniff(head, kind):
    assert sniff(head) is kind


def test_a_video_without_the_extra_gets_digests_and_says_why(tmp_path, monkeypatch):
    def unavailable(path):
        raise VideoHashingUnavailable("no vpdq")

    monkeypatch.setattr(fingerprint_module, "video_hashes", unavailable)
    video = tmp_path / "clip.jpg"  # the name lies; the bytes say video
    video.write_bytes(b"\x00\x00\x00\x18ftypisom" + bytes(100))
    result = fingerprint_file(video)
    assert result.problem == VIDEO_EXTRA_MISSING and result.frames is None and result.pdq is None
