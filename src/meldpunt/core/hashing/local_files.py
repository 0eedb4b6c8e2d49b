"""Reading a local file to hash: regular files only, never blocking, within the size limits.

A path given to the command line may name a device (/dev/zero never ends), a FIFO (reading
waits for a writer that may never come) or a socket. They are refused from their status,
before they are opened; the file is then opened without blocking and checked again, in case
it was swapped in between. The size limits are the fetcher's, by what the first bytes show.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path

from meldpunt.core.media_types import MAX_BYTES, MediaKind, sniff

HEAD_BYTES = 512
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


class FileProblem(StrEnum):
    """Why a local file was not read."""

    NOT_REGULAR = "not a regular file"
    TOO_LARGE = "larger than the limit"
    UNREADABLE = "cannot be read"


class FileRefused(Exception):
    """A local file was not read; the message names the reason, never the content."""

    def __init__(self, problem: FileProblem, detail: str) -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem


def read_local_file(path: Path, limits: Mapping[MediaKind, int] = MAX_BYTES) -> bytes:
    """The whole file, if it is a regular file within the limit for its kind."""
    try:
        _require_regular(os.stat(path))
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise FileRefused(FileProblem.UNREADABLE, error.strerror or type(error).__name__) from None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            _require_regular(os.fstat(handle.fileno()))
            head = handle.read(HEAD_BYTES)
            kind = sniff(head)
            limit = limits[kind]
            _require_within(os.fstat(handle.fileno()).st_size, limit, kind)
            data = head + handle.read(limit + 1 - len(head))
    except OSError as error:
        raise FileRefused(FileProblem.UNREADABLE, error.strerror or type(error).__name__) from None
    _require_within(len(data), limit, kind)  # it grew while being read
    return data


def _require_regular(status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise FileRefused(FileProblem.NOT_REGULAR, _file_type(status.st_mode))


def _require_within(size: int, limit: int, kind: MediaKind) -> None:
    if size > limit:
        detail = f"{size / 2**20:.1f} MiB; the limit for {kind} files is {limit / 2**20:g} MiB"
        raise FileRefused(FileProblem.TOO_LARGE, detail)


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"
