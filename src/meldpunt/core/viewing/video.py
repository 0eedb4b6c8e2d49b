"""Server-made video derivatives: the blurred frame strip, a muted copy, and a copy with sound.

Needs PyAV (the [video] extra). Each derivative is decoded and re-encoded in the isolated
decoder child (hashing/isolation.py), never passed through: the copies are new VP8 WebM files
(Opus for the sound), which Debian's Chromium plays, with no stream, chapter, subtitle or
metadata of the original's. The muted copy has no audio stream at all, so unmuting cannot be
done in the browser: it is a separate request for the copy with sound, which the caller logs.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from functools import partial
from typing import Any

from meldpunt.core.hashing.analysis import video_strip
from meldpunt.core.hashing.isolation import DecodeLimits, run_isolated
from meldpunt.core.hashing.video import VideoRejected
from meldpunt.core.media_types import MAX_BYTES, MediaKind, sniff

COPY_CONTENT_TYPE = "video/webm"
STRIP_CONTENT_TYPE = "image/jpeg"
STRIP_COLUMNS = 2  # four frames of 160 px as two rows: 320 px wide, like every blurred image
MAX_FRAMES = 36_000  # twenty minutes at 30 frames a second
MAX_FRAME_PIXELS = 4096 * 2304  # 4K and a little more; a larger declared frame is a bomb's
COPY_EDGE = 1280  # the copy's longer side: enough to assess, quick to encode
MILLISECONDS = 1000  # WebM's clock
MAX_DAMAGED_PACKETS = 50  # skipped as players skip them; past this the file is called damaged
# FFmpeg's names for the containers media_types.sniff takes as video.
DEMUXERS = frozenset(
    {"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "flv", "mpeg", "mpegvideo", "mpegts", "avi"}
)


class VideoProblem(StrEnum):
    """Why a video derivative could not be made."""

    NOT_A_VIDEO = "not_a_video"
    TOO_LARGE = "too_large"
    FRAME_TOO_LARGE = "frame_too_large"
    TOO_LONG = "too_long"
    DAMAGED = "damaged"


class VideoRefused(VideoRejected):
    """No derivative of these bytes; only the reason is kept, never content."""

    def __init__(self, problem: VideoProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


class VideoViewingUnavailable(RuntimeError):
    """PyAV (the [video] extra) is not installed."""


def video_viewing_available() -> bool:
    """Whether PyAV is installed, so that video derivatives can be made."""
    try:
        import av  # noqa: F401
    except ImportError:
        return False
    return True


def frame_strip(data: bytes, limits: DecodeLimits | None = None) -> bytes:
    """Four evenly spaced frames, grey and blurred, in two rows: a JPEG 320 px wide at most."""
    return _in_child(data, strip_in_child, limits)


def muted_copy(data: bytes, limits: DecodeLimits | None = None) -> bytes:
    """A re-encoded WebM copy with no audio stream: what a reveal plays."""
    return _in_child(data, partial(copy_in_child, with_audio=False), limits)


def with_audio_copy(data: bytes, limits: DecodeLimits | None = None) -> bytes:
    """A re-encoded WebM copy with its first audio stream: the separate, logged unmute step."""
    return _in_child(data, partial(copy_in_child, with_audio=True), limits)


def strip_in_child(data: bytes) -> bytes | VideoProblem:
    """The frame strip, or why there is none; runs inside the decoder child."""
    problem = _checked(data)
    if problem is not None:
        return problem
    return video_strip(io.BytesIO(data), columns=STRIP_COLUMNS) or VideoProblem.DAMAGED


def copy_in_child(data: bytes, with_audio: bool) -> bytes | VideoProblem:
    """The re-encoded copy, or why there is none; runs inside the decoder child."""
    import av

    problem = _checked(data)
    if problem is not None:
        return problem
    try:
        return _transcode(data, with_audio)
    except _TooLong:
        return VideoProblem.TOO_LONG
    except (_NoPictures, av.FFmpegError, ValueError):
        return VideoProblem.DAMAGED


def _in_child(
    data: bytes, function: Callable[[bytes], bytes | VideoProblem], limits: DecodeLimits | None
) -> bytes:
    if not video_viewing_available():
        raise VideoViewingUnavailable(
            "video viewing needs the [video] extra: pip install 'meldpunt[video]' (see README)"
        )
    if len(data) > MAX_BYTES[MediaKind.VIDEO]:
        raise VideoRefused(VideoProblem.TOO_LARGE)
    outcome = run_isolated(data, function, limits)
    if isinstance(outcome, VideoProblem):
        raise VideoRefused(outcome)
    return outcome


def _checked(data: bytes) -> VideoProblem | None:
    """Refuse, before decoding a frame, what has no video or declares too much of it.

    Only the container formats Meldpunt takes as video are opened: FFmpeg's other demuxers
    include playlists and image sequences, which would read other files or addresses."""
    import av

    if sniff(data[:512]) is not MediaKind.VIDEO:
        return VideoProblem.NOT_A_VIDEO
    try:
        with av.open(io.BytesIO(data), "r") as container:
            if container.format.name not in DEMUXERS or not container.streams.video:
                return VideoProblem.NOT_A_VIDEO
            stream = container.streams.video[0]
            width, height = stream.codec_context.width, stream.codec_context.height
            if width * height > MAX_FRAME_PIXELS:
                return VideoProblem.FRAME_TOO_LARGE
            return VideoProblem.TOO_LONG if (stream.frames or 0) > MAX_FRAMES else None
    except (av.FFmpegError, ValueError):
        return VideoProblem.NOT_A_VIDEO


class _TooLong(Exception):
    """More frames than MAX_FRAMES, though the header did not say so."""


class _NoPictures(Exception):
    """Not one frame decoded."""


@dataclass
class _Clock:
    """Strictly rising timestamps in milliseconds, from the frames' own times where they have them.

    A frame without a time (raw streams) or out of order follows the previous one by a frame."""

    frame_ms: int
    last: int = -1

    def stamp(self, seconds: float | None) -> int:
        wanted = round(seconds * MILLISECONDS) if seconds is not None else self.last + self.frame_ms
        self.last = max(wanted, self.last + 1)
        return self.last


def _transcode(data: bytes, with_audio: bool) -> bytes:
    import av

    output = io.BytesIO()
    with av.open(io.BytesIO(data), "r") as source, av.open(output, "w", format="webm") as copy:
        video_in = source.streams.video[0]
        audio_in = source.streams.audio[0] if with_audio and source.streams.audio else None
        video_out = _video_stream(copy, video_in)
        sound = _Sound(copy) if audio_in is not None else None
        wanted = [video_in] if audio_in is None else [video_in, audio_in]
        pictures = _Pictures(video_out, video_in)
        damaged = 0
        for packet in source.demux(*wanted):
            try:
                frames = packet.decode()
            except av.InvalidDataError:
                damaged += 1  # a cut-off or damaged packet: players skip it, and so do we
                if damaged > MAX_DAMAGED_PACKETS:
                    raise
                continue
            for frame in frames:
                if packet.stream is video_in:
                    pictures.add(copy, frame)
                elif sound is not None:
                    sound.add(copy, frame)
        pictures.finish(copy)
        if sound is not None:
            sound.finish(copy)
    if not pictures.count:
        raise _NoPictures
    return output.getvalue()


def _video_stream(copy: Any, video_in: Any) -> Any:
    """A VP8 stream at the source's rate, its longer side at most COPY_EDGE, sides even."""
    width, height = video_in.codec_context.width, video_in.codec_context.height
    scale = min(1.0, COPY_EDGE / max(width, height, 1))
    stream = copy.add_stream("libvpx", rate=video_in.average_rate or 25)
    stream.width = max(2, round(width * scale / 2) * 2)
    stream.height = max(2, round(height * scale / 2) * 2)
    stream.pix_fmt = "yuv420p"
    stream.codec_context.time_base = Fraction(1, MILLISECONDS)
    # VP8's fastest setting, about twice as fast as cpu-used 8 here: the analyst waits for this
    # copy. 2 Mbit/s is plenty at 1280 px.
    stream.options = {"deadline": "realtime", "cpu-used": "16", "b": "2M", "crf": "10"}
    return stream


class _Pictures:
    """Scales, stamps and encodes video frames, counting them against MAX_FRAMES."""

    def __init__(self, stream: Any, video_in: Any) -> None:
        rate = float(video_in.average_rate or 25)
        self.stream, self.count = stream, 0
        self.clock = _Clock(frame_ms=max(1, round(MILLISECONDS / rate)))

    def add(self, copy: Any, frame: Any) -> None:
        self.count += 1
        if self.count > MAX_FRAMES:
            raise _TooLong
        scaled = frame.reformat(self.stream.width, self.stream.height, "yuv420p")
        scaled.pts, scaled.time_base = (
            self.clock.stamp(frame.time),
            self.stream.codec_context.time_base,
        )
        copy.mux(self.stream.encode(scaled))

    def finish(self, copy: Any) -> None:
        copy.mux(self.stream.encode(None))


class _Sound:
    """Resamples the sound to 48 kHz stereo and encodes it as Opus, in Opus's 20 ms frames."""

    def __init__(self, copy: Any) -> None:
        import av

        self.stream = copy.add_stream("libopus", rate=48_000)
        self.stream.layout = "stereo"
        self.resampler = av.AudioResampler(
            format="s16", layout="stereo", rate=48_000, frame_size=960
        )

    def add(self, copy: Any, frame: Any) -> None:
        frame.pts = None  # the encoder counts samples from the start
        for resampled in self.resampler.resample(frame):
            copy.mux(self.stream.encode(resampled))

    def finish(self, copy: Any) -> None:
        for resampled in self.resampler.resample(None):
            copy.mux(self.stream.encode(resampled))
        copy.mux(self.stream.encode(None))
