"""Video derivatives: a blurred strip, a copy with no sound at all, and a copy with its sound."""

import io

import numpy as np
import pytest
from PIL import Image

from meldpunt.core.media_types import MediaKind, sniff
from meldpunt.core.viewing import video
from meldpunt.core.viewing.video import (
    VideoProblem,
    VideoRefused,
    copy_in_child,
    frame_strip,
    muted_copy,
    with_audio_copy,
)
from tests.support.imagesets import encode, sample
from tests.support.videos import video_with_sound

av = pytest.importorskip("av", reason="video tests need the [video] extra (PyAV)")


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> bytes:
    """Two seconds, 10 frames a second, with a tone and a title."""
    return video_with_sound(tmp_path_factory.mktemp("video") / "tone.mp4").read_bytes()


def streams(data: bytes) -> list[tuple[str, str]]:
    with av.open(io.BytesIO(data)) as container:
        return [(stream.type, stream.codec_context.name) for stream in container.streams]


def frames_and_seconds(data: bytes) -> tuple[int, float]:
    with av.open(io.BytesIO(data)) as container:
        times = [frame.time for frame in container.decode(video=0)]
    return len(times), times[-1] - times[0]


def test_the_strip_is_four_blurred_grey_frames_at_most_320_wide(original):
    strip = Image.open(io.BytesIO(frame_strip(original)))
    assert strip.format == "JPEG" and strip.mode == "L" and strip.size == (320, 240)


def test_the_muted_copy_has_no_audio_stream_at_all(original):
    assert ("audio", "aac") in streams(original)
    copy = muted_copy(original)
    assert sniff(copy[:512]) is MediaKind.VIDEO and copy[:4] == b"\x1a\x45\xdf\xa3"  # WebM
    assert streams(copy) == [("video", "vp8")]
    assert frames_and_seconds(copy) == frames_and_seconds(original) == (20, pytest.approx(1.9))


def test_the_copy_with_sound_has_it_as_opus(original):
    copy = with_audio_copy(original)
    assert streams(copy) == [("video", "vp8"), ("audio", "opus")]
    with av.open(io.BytesIO(copy)) as container:
        samples = sum(frame.samples for frame in container.decode(audio=0))
    assert samples == pytest.approx(2 * 48_000, rel=0.05)


def test_a_copy_keeps_nothing_of_the_original_but_pictures_and_sound(original):
    assert b"title of the original" in original
    for copy in (muted_copy(original), with_audio_copy(original)):
        assert b"title of the original" not in copy and copy != original


def test_a_copy_is_no_larger_than_1280_on_its_longer_side(tmp_path):
    wide = video_with_sound(tmp_path / "wide.mp4", seconds=1, fps=2, size=(1600, 900)).read_bytes()
    with av.open(io.BytesIO(muted_copy(wide))) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (1280, 720)


def test_a_frame_larger_than_4k_is_refused_before_decoding(tmp_path):
    huge = video_with_sound(tmp_path / "huge.mp4", seconds=1, fps=1, size=(4200, 2400))
    for make in (frame_strip, muted_copy, with_audio_copy):
        with pytest.raises(VideoRefused) as refused:
            make(huge.read_bytes())
        assert refused.value.problem is VideoProblem.FRAME_TOO_LARGE


@pytest.mark.parametrize(
    "data",
    [b"not a video at all", b"\x1a\x45\xdf\xa3" + bytes(4000), b""],
    ids=["text", "damaged webm header", "empty"],
)
def test_garbage_is_refused_with_the_reason(data):
    for make in (frame_strip, muted_copy):
        with pytest.raises(VideoRefused) as refused:
            make(data)
        assert refused.value.problem is VideoProblem.NOT_A_VIDEO


def test_a_cut_off_mp4_is_refused(original):
    with pytest.raises(VideoRefused) as refused:
        muted_copy(original[: len(original) // 2])  # MP4 keeps its index at the end
    assert refused.value.problem is VideoProblem.NOT_A_VIDEO


def test_a_cut_off_webm_is_copied_as_far_as_it_goes(original):
    webm = muted_copy(original)
    frames, _ = frames_and_seconds(muted_copy(webm[: len(webm) * 6 // 10]))
    assert 0 < frames < 20
    with pytest.raises(VideoRefused) as refused:
        muted_copy(webm[:1000])  # before its first whole frame
    assert refused.value.problem is VideoProblem.DAMAGED


@pytest.mark.parametrize(
    "data",
    [encode(sample("chelsea.png"), "JPEG"), b"#EXTM3U\n#EXTINF:1,\nhttp://127.0.0.1:9/a.ts\n"],
    ids=["image", "playlist"],
)
def test_what_is_not_a_video_container_is_not_opened_as_one(data):
    with pytest.raises(VideoRefused) as refused:
        muted_copy(data)
    assert refused.value.problem is VideoProblem.NOT_A_VIDEO


def test_too_many_frames_are_refused_whether_or_not_the_header_says_so(original, monkeypatch):
    # In this process, with a small limit: the child would import the module afresh.
    monkeypatch.setattr(video, "MAX_FRAMES", 5)
    assert copy_in_child(original, with_audio=False) is VideoProblem.TOO_LONG  # MP4 says 20
    webm = muted_copy(original)  # WebM does not say how many frames it has
    with av.open(io.BytesIO(webm)) as container:
        assert not container.streams.video[0].frames
    assert copy_in_child(webm, with_audio=False) is VideoProblem.TOO_LONG


def fading_video(path, frames: int) -> bytes:
    """A video whose frames go from black to nearly white, one grey level step per frame."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=25)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for number in range(frames):
            grey = Image.new("RGB", (160, 120), (round(240 * number / frames),) * 3)
            container.mux(stream.encode(av.VideoFrame.from_image(grey)))
        container.mux(stream.encode(None))
    return path.read_bytes()


def test_the_strip_shows_the_whole_video_from_start_to_end(tmp_path):
    strip = Image.open(io.BytesIO(frame_strip(fading_video(tmp_path / "fade.mp4", 300))))
    tiles = [strip.crop((x, y, x + 160, y + 120)) for y in (0, 120) for x in (0, 160)]
    levels = [float(np.asarray(tile).mean()) for tile in tiles]
    assert levels == sorted(levels) and levels[0] < 20 and levels[-1] > 200
