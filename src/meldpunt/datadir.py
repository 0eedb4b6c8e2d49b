"""The data directory on disk: readable by its owner only, and served by one process at a time."""

from __future__ import annotations

import fcntl
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import IO

OWNER_ONLY_UMASK = 0o077  # files 0600, directories 0700, whoever creates them
LOCK_FILE = "serve.lock"


class DataDirectoryInUse(Exception):
    """Another `meldpunt serve` holds this data directory."""

    def __init__(self, path: Path, holder: str) -> None:
        who = f" (process {holder})" if holder else ""
        super().__init__(
            f"Another Meldpunt is already serving {path}{who}. Stop it first, or give this "
            "one its own data directory with MELDPUNT_DATA_DIR."
        )


def owner_only() -> None:
    """From now on, everything this process creates is readable by its owner only."""
    os.umask(OWNER_ONLY_UMASK)


def tighten(path: Path) -> int:
    """Make the directory 0700 and everything in it owner-only; returns how many entries were
    open to others. Symbolic links are not followed."""
    return _tightened(str(path), path.lstat().st_mode) + _tighten_below(str(path))


def _tighten_below(directory: str) -> int:
    # os.scandir, not Path.rglob: the content store holds hundreds of thousands of objects, and
    # this runs at every start (about 4x faster).
    loosened = 0
    with os.scandir(directory) as entries:
        for entry in entries:
            mode = entry.stat(follow_symlinks=False).st_mode
            loosened += _tightened(entry.path, mode)
            if stat.S_ISDIR(mode):
                loosened += _tighten_below(entry.path)
    return loosened


def _tightened(path: str, mode: int) -> int:
    if stat.S_ISLNK(mode) or not mode & 0o077:
        return 0
    os.chmod(path, 0o700 if stat.S_ISDIR(mode) else stat.S_IMODE(mode) & 0o700)
    return 1


@dataclass
class ServeLock:
    """An exclusive lock on the data directory, held as long as the process runs (the kernel
    lets go of it when the process ends, however it ends)."""

    handle: IO[str]

    @classmethod
    def take(cls, path: Path) -> ServeLock:
        """Lock, or raise DataDirectoryInUse naming the process that holds it."""
        handle = open(path / LOCK_FILE, "a+")  # noqa: SIM115 - held for the process's lifetime
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()[:20]
            handle.close()
            raise DataDirectoryInUse(path, holder) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        return cls(handle)

    def release(self) -> None:
        """Let go (also happens by itself when the process ends)."""
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
