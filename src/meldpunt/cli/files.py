"""Walking the files a command is given, hashing them on every core, with a progress bar."""

from __future__ import annotations

import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from meldpunt.core.hashing.fingerprint import VIDEO_DAMAGED, VIDEO_EXTRA_MISSING
from meldpunt.core.hashing.images import ImageProblem

if TYPE_CHECKING:
    from meldpunt.core.hashing.bulk import Hashed

T = TypeVar("T")

PROBLEM_TEXT = {
    ImageProblem.NOT_AN_IMAGE.value: "not an image or video: digests only",
    ImageProblem.TOO_MANY_PIXELS.value: "image larger than the pixel limit: digests only",
    ImageProblem.DAMAGED.value: "damaged or truncated image: digests only",
    ImageProblem.TOO_LARGE.value: "file too large to decode: digests only",
    VIDEO_DAMAGED: "damaged or unreadable video: digests only",
    VIDEO_EXTRA_MISSING: "video: digests only (install the [video] extra for vPDQ)",
}


def walk(paths: tuple[Path, ...]) -> list[Path]:
    """The paths named, and everything under the directories named, in a stable order.

    Symbolic links inside a directory are not followed (they could loop or lead out of it);
    devices, FIFOs and sockets are listed, so that each is refused by name when read."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if _walked(p))
        else:
            found.append(path)
    return found


def _walked(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
    except OSError:  # gone or unreadable since it was listed: reading it will say which
        return True
    return not stat.S_ISDIR(mode) and not stat.S_ISLNK(mode)


def hash_with_progress(files: list[Path], label: str) -> Iterator[Hashed]:
    """Each file's outcome (meldpunt.core.hashing.bulk.Hashed), in order, on every core."""
    from meldpunt.core.hashing.bulk import hash_local_files

    yield from with_progress(hash_local_files(files), len(files), label)


def with_progress(items: Iterable[T], count: int, label: str) -> Iterator[T]:
    """Yield the items, showing a bar on a terminal when there is more than one."""
    if count < 2:
        yield from items
        return
    with click.progressbar(items, length=count, label=label, file=sys.stderr) as bar:
        yield from bar


def report_failures(failed: int, total: int) -> None:
    """Say how many files could not be hashed, and exit non-zero if any."""
    if failed:
        click.echo(f"{failed} of {total} files could not be hashed.", err=True)
        raise SystemExit(1)
