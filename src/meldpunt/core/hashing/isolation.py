"""Decoding hostile files in a separate process under memory, CPU, time and file-size limits.

Each file is analysed in a fresh child forked from a clean forkserver that has the decoders
already imported, so a child starts in milliseconds. The child may not write files
(RLIMIT_FSIZE 0; videos use an in-memory file), may not grow past the memory limit, and is
killed when it runs past the wall-clock limit. Whatever happens to the child, the caller gets
an Analysis or an IsolationFailure with a reason; the calling process never crashes.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection

from meldpunt.core.hashing.analysis import Analysis, analyse
from meldpunt.core.media_types import MediaKind, sniff

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["meldpunt.core.hashing.analysis"])


class IsolationProblem(StrEnum):
    """Why the child gave no analysis."""

    OUT_OF_MEMORY = "decoding needed more memory than allowed"
    TIMED_OUT = "decoding took longer than allowed"
    CRASHED = "the decoder crashed on this file"


class IsolationFailure(Exception):
    """The child failed; only the reason is reported, never content."""

    def __init__(self, problem: IsolationProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


@dataclass(frozen=True)
class DecodeLimits:
    """Per-file limits for the child process."""

    memory_bytes: int = 2 * 2**30
    cpu_seconds: int = 60
    wall_seconds: float = 90.0


def analyse_isolated(
    data: bytes, limits: DecodeLimits | None = None, function: Callable[[bytes], Analysis] = analyse
) -> Analysis:
    """Run `function(data)` in a limited child process and return its result."""
    limits = limits or DecodeLimits()
    parent_end, child_end = _CONTEXT.Pipe(duplex=True)
    child = _CONTEXT.Process(
        target=_child_main, args=(child_end, limits, function, len(data)), daemon=True
    )
    child.start()
    child_end.close()
    try:
        parent_end.send_bytes(data)
        if not parent_end.poll(limits.wall_seconds):
            raise IsolationFailure(IsolationProblem.TIMED_OUT)
        outcome = parent_end.recv()
    except (EOFError, BrokenPipeError, ConnectionResetError):
        raise IsolationFailure(IsolationProblem.CRASHED) from None
    finally:
        parent_end.close()
        if child.is_alive():
            child.kill()
        child.join()
    if isinstance(outcome, IsolationProblem):
        raise IsolationFailure(outcome)
    assert isinstance(outcome, Analysis)
    return outcome


def _child_main(
    connection: Connection, limits: DecodeLimits, function: Callable[[bytes], Analysis], size: int
) -> None:
    data = connection.recv_bytes()
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
    # Videos go through an in-memory file (memfd), which counts against this limit.
    writable = size + 1 if sniff(data[:512]) is MediaKind.VIDEO else 0
    resource.setrlimit(resource.RLIMIT_FSIZE, (writable, writable))
    try:
        result: Analysis | IsolationProblem = function(data)
    except MemoryError:
        result = IsolationProblem.OUT_OF_MEMORY
    except Exception:  # a decoder bug on hostile input; its message may hold content, so drop it
        result = IsolationProblem.CRASHED
    connection.send(result)
    connection.close()
