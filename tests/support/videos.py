"""Benign test videos: a few seconds of a scikit-image sample photo, slowly panned."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.support.imagesets import sample


def panned_video(path: Path, name: str = "astronaut.png", seconds: int = 3, fps: int = 10) -> Path:
    """An MPEG-4 file of a sample photo drifting sideways; needs PyAV (the [video] extra)."""
    av = pytest.importorskip("av", reason="video tests need the [video] extra (PyAV and vpdq)")
    picture = sample(name).convert("RGB").resize((400, 300))
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for number in range(seconds * fps):
            frame = picture.crop((number, 0, number + 320, 240))
            for packet in stream.encode(av.VideoFrame.from_image(frame)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def video_with_sound(path: Path, seconds: int = 2, fps: int = 10, size=(320, 240)) -> Path:
    """An MPEG-4 file of a panned sample photo with a 440 Hz tone and a title in its metadata."""
    av = pytest.importorskip("av", reason="video tests need the [video] extra (PyAV)")
    width, height = size
    picture = sample("astronaut.png").convert("RGB").resize((width + seconds * fps, height))
    with av.open(str(path), "w") as container:
        container.metadata["title"] = "title of the original"
        video = container.add_stream("mpeg4", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        sound = container.add_stream("aac", rate=44_100)
        sound.layout = "stereo"
        for number in range(seconds * fps):
            frame = picture.crop((number, 0, number + width, height))
            container.mux(video.encode(av.VideoFrame.from_image(frame)))
        container.mux(video.encode(None))
        tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(44_100 * seconds) / 44_100)).astype("f4")
        for start in range(0, tone.size, 1024):
            chunk = np.stack([tone[start : start + 1024]] * 2)
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
            frame.sample_rate, frame.pts = 44_100, start
            container.mux(sound.encode(frame))
        container.mux(sound.encode(None))
    return path
