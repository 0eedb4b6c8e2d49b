"""Benign test videos: a few seconds of a scikit-image sample photo, slowly panned."""

from __future__ import annotations

from pathlib import Path

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
