"""Hashing many local files: each read within the limits, decoded in an isolated child, a child
per core.

Files an analyst hashes by hand often came from somewhere untrusted (a partner's set, a seized
disk), so they are decoded the way captured content is: in a decoder child under memory, CPU,
wall-clock and file-size limits (isolation.py). A file that crashes or exhausts its child is
reported as that file's failure and the others go on. One thread per child keeps every core
busy; the threads only read files and wait on their child's pipe.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from meldpunt.core.hashing.analysis import hashes_only
from meldpunt.core.hashing.fingerprint import Fingerprint
from meldpunt.core.hashing.isolation import IsolationFailure, analyse_isolated
from meldpunt.core.hashing.local_files import FileRefused, read_local_file


@dataclass(frozen=True)
class Hashed:
    """One file's hashes, or why it has none (its error names no content)."""

    path: Path
    fingerprint: Fingerprint | None = None
    error: str | None = None


def default_workers() -> int:
    """One decoder per core this process may run on."""
    return len(os.sched_getaffinity(0))


def hash_local_files(paths: Iterable[Path], workers: int | None = None) -> Iterator[Hashed]:
    """Each file's outcome, in the order given, hashed `workers` at a time."""
    pool = ThreadPoolExecutor(workers or default_workers(), thread_name_prefix="hashing")
    try:
        yield from pool.map(hash_local_file, paths)
    finally:  # on an interruption, files not started yet are dropped, not waited for
        pool.shutdown(wait=False, cancel_futures=True)


def hash_local_file(path: Path) -> Hashed:
    """One file, read here and decoded in this thread's isolated child."""
    try:
        data = read_local_file(path)
    except FileRefused as refused:
        return Hashed(path, error=str(refused))
    try:
        return Hashed(path, analyse_isolated(data, function=hashes_only).fingerprint)
    except IsolationFailure as failure:
        return Hashed(path, error=failure.problem.value)
