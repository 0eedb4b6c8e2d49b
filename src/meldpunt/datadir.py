"""The data directory on disk: readable by its owner only, and served by one process at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from meldpunt.config import ConfigError

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


class DataDirectoryUnusable(ConfigError):
    """The data directory cannot be made, read or written; the message says what to do."""


SET_ANOTHER = "or set MELDPUNT_DATA_DIR to a directory (Meldpunt creates it if it is missing)."


def usable_data_directory(path: Path) -> Path:
    """The data directory, created if missing, or DataDirectoryUnusable saying why not."""
    if path.exists() and not path.is_dir():
        raise DataDirectoryUnusable(
            f"The data directory {path} is a file, not a directory. Move the file away, "
            + SET_ANOTHER
        )
    with explained(path):
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.listdir(path)
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        raise _denied(path)
    return path


@contextlib.contextmanager
def explained(path: Path) -> Iterator[None]:
    """Turn a file-system error inside the data directory into one plain sentence."""
    try:
        yield
    except NotADirectoryError as error:
        blocking = _first_file_above(Path(error.filename or path))
        raise DataDirectoryUnusable(
            f"The data directory {path} cannot be made: {blocking} is a file. Move it away, "
            + SET_ANOTHER
        ) from None
    except PermissionError:
        raise _denied(path) from None
    except OSError as error:
        raise DataDirectoryUnusable(
            f"The data directory {path} cannot be used ({error.strerror}). Fix that, " + SET_ANOTHER
        ) from None


def _denied(path: Path) -> DataDirectoryUnusable:
    return DataDirectoryUnusable(
        f"The data directory {path} (or something in it) cannot be read and written by "
        f"{_user()}. Give that user access to it (chown, or chmod u+rwx), " + SET_ANOTHER
    )


def _first_file_above(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists() and not candidate.is_dir():
            return candidate
    return path


def _user() -> str:
    try:
        return f"user {pwd.getpwuid(os.geteuid()).pw_name}"
    except KeyError:  # a container may run as a uid with no name
        return f"user id {os.geteuid()}"


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
