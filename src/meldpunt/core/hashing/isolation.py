"""Decoding hostile files in a separate process under memory, CPU, time and file-size limits.

Each calling thread keeps one decoder child, forked from a clean forkserver that has the
decoders imported, and reuses it for up to RECYCLE_AFTER files (a fresh child per file costs
about 20 ms; a reused one a fraction of a millisecond). The child may not grow past the memory
limit, gets a CPU-time budget per file, may not write files (RLIMIT_FSIZE 0; videos use an
in-memory file), and is killed when it runs past the wall-clock limit. A child that fails in
any way is discarded and the next file gets a new one. Whatever happens to the child, the
caller gets the function's result (an Analysis, or a viewing derivative) or an IsolationFailure
with a reason; the calling process never crashes.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing.connection import Connection
from typing import TypeVar, cast

from meldpunt.core.hashing.analysis import Analysis, analyse
from meldpunt.core.media_types import MediaKind, sniff

RECYCLE_AFTER = 500

Result = TypeVar("Result")

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["meldpunt.core.hashing.analysis"])


class IsolationProblem(StrEnum):
    """Why the child gave no analysis."""

    OUT_OF_MEMORY = "decoding needed more memory than allowed"
    TIMED_OUT = "decoding took longer than allowed"
    CRASHED = "the decoder crashed on this file"
    STOPPED = "the decoder was stopped from outside (a stop signal)"


# A decoder ended by one of these was stopped by someone else (a service manager, an operator),
# so the file is not to blame. SIGKILL is not among them: the kernel's out-of-memory killer and
# a hard CPU limit send it, and a hostile file can bring either about. A crash shows as SIGSEGV,
# SIGABRT or SIGBUS, or as an exception the child reports.
STOPPED_BY = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})


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


class _Decoder:
    """One child process and the pipe to it."""

    def __init__(self, limits: DecodeLimits) -> None:
        self.limits, self.served = limits, 0
        self.pipe, child_end = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(target=_child_main, args=(child_end, limits), daemon=True)
        _start_child(self.process)
        child_end.close()

    def run(self, data: bytes, function: Callable[[bytes], Result]) -> Result:
        self.served += 1
        try:
            self.pipe.send((function, len(data)))
            self.pipe.send_bytes(data)
            if not self.pipe.poll(self.limits.wall_seconds):
                raise IsolationFailure(IsolationProblem.TIMED_OUT)
            outcome = self.pipe.recv()
        except (EOFError, BrokenPipeError, ConnectionResetError, OSError):
            raise IsolationFailure(self._why_it_ended()) from None
        if isinstance(outcome, IsolationProblem):
            raise IsolationFailure(outcome)
        return cast("Result", outcome)  # the child sends back only function's own result

    def _why_it_ended(self) -> IsolationProblem:
        self.process.join(timeout=2)
        code = self.process.exitcode
        if code is not None and code < 0 and -code in STOPPED_BY:
            return IsolationProblem.STOPPED
        return IsolationProblem.CRASHED

    def close(self) -> None:
        self.pipe.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


_local = threading.local()


def analyse_isolated(
    data: bytes, limits: DecodeLimits | None = None, function: Callable[[bytes], Analysis] = analyse
) -> Analysis:
    """Hash and preview `data` (or run `function(data)`) in this thread's decoder child."""
    return run_isolated(data, function, limits)


def run_isolated(
    data: bytes, function: Callable[[bytes], Result], limits: DecodeLimits | None = None
) -> Result:
    """Run `function(data)` in this thread's limited decoder child and return its result.

    `function` must be importable by name (a module-level function, or a functools.partial of
    one), and should return its refusals as values: an exception it raises is reported only as
    CRASHED, since its message may quote the content."""
    decoder = prepare_decoder(limits)
    try:
        return decoder.run(data, function)
    except IsolationFailure:
        decoder.close()
        _local.decoder = None
        raise


def prepare_decoder(limits: DecodeLimits | None = None) -> _Decoder:
    """This thread's decoder child, started now if there is none yet (or it is used up).

    A worker calls this when it starts, so that its first file does not wait for the
    forkserver and the decoders to load."""
    limits = limits or DecodeLimits()
    decoder: _Decoder | None = getattr(_local, "decoder", None)
    if decoder is None or decoder.limits != limits or decoder.served >= RECYCLE_AFTER:
        if decoder is not None:
            decoder.close()
        decoder = _local.decoder = _Decoder(limits)
    return decoder


def _start_child(child: multiprocessing.process.BaseProcess) -> None:
    """Start the child even from a daemonic process (huey's process workers are daemonic).

    multiprocessing refuses children of daemonic processes because it could not join them at
    exit. Ours is always joined or killed before analyse_isolated returns, and if the parent
    dies the child reads end-of-file and exits, so the rule is lifted for this one start.
    """
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    was_daemon = config.get("daemon")
    config["daemon"] = False
    try:
        child.start()
    finally:
        config["daemon"] = was_daemon


def _child_main(connection: Connection, limits: DecodeLimits) -> None:
    """Serve files until the parent closes the pipe; exit after running out of memory.

    A Ctrl-C in the terminal reaches every process in its group; the decoder ignores it (and a
    closed terminal's hang-up), as its parent ends it by closing the pipe or by its own end.
    SIGTERM still ends it (that is how multiprocessing ends children at exit); the parent then
    reports the decoder as stopped, not as crashed on the file."""
    for stop in (signal.SIGINT, signal.SIGHUP):
        signal.signal(stop, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    while True:
        try:
            function, size = connection.recv()
            data = connection.recv_bytes()
        except (EOFError, OSError):
            return
        _budget(limits, data, size)
        try:
            result: object = function(data)
        except MemoryError:
            result = IsolationProblem.OUT_OF_MEMORY
        except (
            Exception
        ):  # a decoder bug on hostile input; its message may hold content, so drop it
            result = IsolationProblem.CRASHED
        connection.send(result)
        if result is IsolationProblem.OUT_OF_MEMORY:
            return


def _budget(limits: DecodeLimits, data: bytes, size: int) -> None:
    """This file's CPU seconds (on top of what the child used so far) and writable bytes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(usage.ru_utime + usage.ru_stime) + 1
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    allowed = spent + limits.cpu_seconds
    if cpu_hard != resource.RLIM_INFINITY:
        allowed = min(allowed, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (allowed, cpu_hard))
    # Videos go through an in-memory file (memfd), which counts against this limit.
    writable = size + 1 if sniff(data[:512]) is MediaKind.VIDEO else 0
    _, size_hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (writable, size_hard))
