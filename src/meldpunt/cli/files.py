"""Walking the files a command is given, with a progress bar on standard error."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from meldpunt.core.hashing.fingerprint import VIDEO_DAMAGED, VIDEO_EXTRA_MISSING
from meldpunt.core.hashing.images import ImageProblem

PROBLEM_TEXT = {
    ImageProblem.NOT_AN_IMAGE.value: "not an image or video: digests only",
    ImageProblem.TOO_MANY_PIXELS.value: "image larger than the pixel limit: digests only",
    ImageProblem.DAMAGED.value: "damaged or truncated image: digests only",
    ImageProblem.TOO_LARGE.value: "file too large to decode: digests only",
    VIDEO_DAMAGED: "damaged or unreadable video: digests only",
    VIDEO_EXTRA_MISSING: "video: digests only (install the [video] extra for vPDQ)",
}


def walk(paths: tuple[Path, ...]) -> list[Path]:
    """The files named, and every file under the directories named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
        else:
            found.append(path)
    return found


def with_progress(files: list[Path], label: str) -> Iterator[Path]:
    """Yield the files, showing a bar on a terminal when there is more than one."""
    if len(files) < 2:
        yield from files
        return
    with click.progressbar(files, label=label, file=sys.stderr) as bar:
        yield from bar
