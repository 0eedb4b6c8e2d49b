"""Writing a file so that it is either complete or absent, even if the process dies mid-write."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_file(path: Path, keep_existing: bool = False) -> Iterator[BinaryIO]:
    """An owner-only temp file beside `path` to write into; when the block ends without error it
    is fsynced and published as `path` in one step, then the directory is fsynced. It replaces
    what was there, or with `keep_existing` is published only if `path` is still absent (another
    process that got there first wins). On error the temp file is removed and `path` untouched."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".new-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if keep_existing:
            with suppress(FileExistsError):
                os.link(temporary, path)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def write_atomically(path: Path, content: bytes) -> None:
    """Replace `path` with `content`, complete or not at all (see atomic_file)."""
    with atomic_file(path) as handle:
        handle.write(content)


def write_new(path: Path, content: bytes) -> None:
    """Create `path` (which must not exist), owner-only, and fsync it. A crash can leave a
    short file, so use this only for fresh names that nothing refers to until the caller has
    also fsynced the directory (see fsync_directory) and recorded the name elsewhere."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def fsync_directory(directory: Path) -> None:
    """Make a rename in `directory` durable."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
