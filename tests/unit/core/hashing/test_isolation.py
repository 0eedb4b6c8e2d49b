"""Hostile files are decoded in a limited child; the parent always gets an answer or a reason."""

import io
import os
import signal
import time

import pytest
from PIL import Image

from meldpunt.core.hashing.analysis import Analysis, analyse
from meldpunt.core.hashing.images import ImageProblem
from meldpunt.core.hashing.isolation import (
    DecodeLimits,
    IsolationFailure,
    IsolationProblem,
    analyse_isolated,
    prepare_decoder,
)
from tests.support.imagesets import encode, png_declaring, sample

PHOTO = encode(sample("astronaut.png"), "JPEG", 90)


def crash(data: bytes) -> Analysis:
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


def hang(data: bytes) -> Analysis:
    time.sleep(30)
    raise AssertionError("unreachable")


def hog(data: bytes) -> Analysis:
    hoard = [bytearray(50 * 2**20) for _ in range(100)]
    raise AssertionError(len(hoard))


def test_an_image_is_hashed_and_previewed_in_the_child():
    result = analyse_isolated(PHOTO)
    assert result == analyse(PHOTO)
    preview = Image.open(io.BytesIO(result.thumbnail))
    assert preview.mode == "L" and max(preview.size) <= 320


def test_a_declared_bomb_is_refused_before_decoding():
    result = analyse_isolated(png_declaring(60000, 60000))
    assert result.fingerprint.problem == ImageProblem.TOO_MANY_PIXELS.value
    assert result.thumbnail is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (PHOTO[: len(PHOTO) // 3], ImageProblem.DAMAGED.value),
        (b"\xff\xd8\xff\xe0" + os.urandom(2000), ImageProblem.NOT_AN_IMAGE.value),
        (b"GIF89a\xff\xff\xff\xff", ImageProblem.NOT_AN_IMAGE.value),
        (b"plain text", ImageProblem.NOT_AN_IMAGE.value),
    ],
)
def test_malformed_files_become_clear_problems(data, problem):
    result = analyse_isolated(data)
    assert result.fingerprint.problem == problem
    assert len(result.fingerprint.digests.sha256) == 64


def test_a_crashing_decoder_is_reported_not_fatal():
    with pytest.raises(IsolationFailure) as failure:
        analyse_isolated(PHOTO, function=crash)
    assert failure.value.problem is IsolationProblem.CRASHED


def test_a_hanging_decoder_is_killed():
    started = time.monotonic()
    with pytest.raises(IsolationFailure) as failure:
        analyse_isolated(PHOTO, DecodeLimits(wall_seconds=1.0), function=hang)
    assert failure.value.problem is IsolationProblem.TIMED_OUT
    assert time.monotonic() - started < 10


def test_memory_past_the_limit_is_refused():
    with pytest.raises(IsolationFailure) as failure:
        analyse_isolated(PHOTO, DecodeLimits(memory_bytes=600 * 2**20), function=hog)
    assert failure.value.problem is IsolationProblem.OUT_OF_MEMORY


def _analyse_from_daemon(queue) -> None:
    result = analyse_isolated(PHOTO)
    queue.put(result.fingerprint.pdq.original.hex)


def test_a_daemonic_worker_process_can_still_isolate():
    """huey's process workers are daemonic; multiprocessing would refuse them children."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    worker = context.Process(target=_analyse_from_daemon, args=(queue,), daemon=True)
    worker.start()
    try:
        assert queue.get(timeout=60) == analyse(PHOTO).fingerprint.pdq.original.hex
    finally:
        worker.join(timeout=30)


def test_a_decoder_stopped_from_outside_is_not_a_crash_on_the_file():
    decoder = prepare_decoder()
    os.kill(decoder.process.pid, signal.SIGTERM)
    decoder.process.join(timeout=10)
    with pytest.raises(IsolationFailure) as failure:
        analyse_isolated(PHOTO)
    assert failure.value.problem is IsolationProblem.STOPPED


def test_the_decoder_ignores_a_ctrl_c_from_the_terminal():
    decoder = prepare_decoder()
    analyse_isolated(PHOTO)  # by now the child has set its signal handlers
    os.kill(decoder.process.pid, signal.SIGINT)
    assert analyse_isolated(PHOTO).fingerprint.digests.sha256
    assert prepare_decoder() is decoder
