"""A process-wide "stopping" flag: set by a signal, read by long work that should end early.

`meldpunt serve` and `meldpunt worker` hand their job consumer's stop flag over (`watch`), so
the flag is the same one huey's workers stop on, shared with forked worker processes too.
Work that sees it set gives its captures back instead of finishing or failing them.
"""

from __future__ import annotations

import threading
from typing import Protocol


class Flag(Protocol):
    """threading.Event, or huey's fork-safe stop flag."""

    def is_set(self) -> bool: ...

    def set(self) -> None: ...


class ShuttingDown(Exception):
    """Raised inside work cut short because the process is stopping."""


_flag: Flag = threading.Event()


def watch(flag: Flag) -> None:
    """Use this flag (the job consumer's stop flag) from now on."""
    global _flag
    _flag = flag


def request() -> None:
    """Ask every piece of work in this process (and its forked workers) to stop."""
    _flag.set()


def requested() -> bool:
    """Whether the process is stopping."""
    return _flag.is_set()


def check() -> None:
    """Raise ShuttingDown when the process is stopping."""
    if _flag.is_set():
        raise ShuttingDown
