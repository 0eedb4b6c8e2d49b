"""Local files to hash: devices, FIFOs and sockets refused unopened, sizes capped as in fetches."""

import errno
import os
import socket

import pytest

from meldpunt.core.hashing import local_files
from meldpunt.core.hashing.local_files import FileProblem, FileRefused, read_local_file
from meldpunt.core.media_types import MAX_BYTES, MediaKind
from tests.support.imagesets import encode, sample

PHOTO = encode(sample("camera.png"), "JPEG", 85)


def refusal(path, **kwargs) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_local_file(path, **kwargs)
    return caught.value


def test_a_regular_file_is_read_whole(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(PHOTO)
    assert read_local_file(path) == PHOTO


def test_an_endless_device_is_refused_without_reading():
    refused = refusal("/dev/zero")
    assert refused.problem is FileProblem.NOT_REGULAR
    assert str(refused) == "not a regular file: a character device"


def test_a_fifo_is_refused_and_never_opened(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "a FIFO (named pipe)" in str(refusal(fifo))
    # A writer that does not wait finds no reader: nothing opened the FIFO, or holds it open.
    with pytest.raises(OSError, match="No such device or address") as no_reader:
        os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    assert no_reader.value.errno == errno.ENXIO


def test_a_fifo_swapped_in_after_the_check_is_caught_without_blocking(tmp_path, monkeypatch):
    regular, fifo = tmp_path / "photo.jpg", tmp_path / "pipe"
    regular.write_bytes(PHOTO)
    os.mkfifo(fifo)
    real_stat = os.stat
    monkeypatch.setattr(local_files.os, "stat", lambda path: real_stat(regular))
    assert refusal(fifo).problem is FileProblem.NOT_REGULAR


def test_sockets_and_directories_are_refused(tmp_path):
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(tmp_path / "sock"))
        assert "a socket" in str(refusal(tmp_path / "sock"))
    assert "a directory" in str(refusal(tmp_path))


def test_sizes_are_capped_by_the_fetchers_limit_for_the_kind(tmp_path):
    image, other = tmp_path / "big.jpg", tmp_path / "big.bin"
    with image.open("wb") as handle:  # sparse: the limit is checked before reading
        handle.write(PHOTO[:600])
        handle.truncate(MAX_BYTES[MediaKind.IMAGE] + 1)
    with other.open("wb") as handle:
        handle.truncate(MAX_BYTES[MediaKind.OTHER] + 1)
    refused = refusal(image)
    assert refused.problem is FileProblem.TOO_LARGE
    assert str(refused) == "larger than the limit: 50.0 MiB; the limit for image files is 50 MiB"
    assert "the limit for other files is 20 MiB" in str(refusal(other))


def test_the_limit_follows_the_first_bytes_not_the_name(tmp_path):
    limits = {**MAX_BYTES, MediaKind.OTHER: 1000}
    disguised = tmp_path / "notes.txt"
    disguised.write_bytes(PHOTO)
    assert read_local_file(disguised, limits=limits) == PHOTO
    text = tmp_path / "photo.jpg"
    text.write_bytes(b"x" * 1001)
    assert refusal(text, limits=limits).problem is FileProblem.TOO_LARGE


def test_a_missing_file_says_so(tmp_path):
    refused = refusal(tmp_path / "gone.jpg")
    assert refused.problem is FileProblem.UNREADABLE
    assert str(refused) == "cannot be read: No such file or directory"
