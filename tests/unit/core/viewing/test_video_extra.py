"""Without PyAV (the [video] extra), video derivatives say what is missing."""

import sys

import pytest

from meldpunt.core.viewing.video import (
    VideoViewingUnavailable,
    frame_strip,
    muted_copy,
    video_viewing_available,
    with_audio_copy,
)


def test_without_pyav_each_derivative_says_what_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "av", None)  # an import of av now fails, as if not installed
    assert not video_viewing_available()
    for make in (frame_strip, muted_copy, with_audio_copy):
        with pytest.raises(VideoViewingUnavailable, match=r"\[video\] extra"):
            make(b"\x1a\x45\xdf\xa3 any video")
