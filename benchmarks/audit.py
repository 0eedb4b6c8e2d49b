"""Audit trail: what signed checkpoints add to a verification, and what one checkpoint costs.

Run: python benchmarks/audit.py [--events 200000] [--checkpoints 8760]

In this process, a trail of N events is walked by the hash chain alone (the reference), then
judged against K signed checkpoints (8760: a year of hourly ones); printed are both times and
their ratio. Then checkpoints are appended to a file, one fsync each, as the web server does
after a privacy-relevant event: printed is the time per checkpoint, against a bare
write-and-fsync of a line of the same length.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from meldpunt.core.audit_chain import GENESIS_HASH, AuditEntry, entry_hash, walk_chain
from meldpunt.core.audit_checkpoints import CheckpointFile, sign_checkpoint, verify_key_of
from meldpunt.core.audit_verification import CheckpointSource, judge_trail

KEY = bytes(range(32))
AT = "2026-11-24T10:00:00.000000Z"


def trail(events: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS_HASH
    for seq in range(1, events + 1):
        fields = (seq, AT, "staff:1", "report.received", f"intake.report:{seq}", {"n": seq})
        digest = entry_hash(prev, *fields)
        entries.append(AuditEntry(*fields, prev_hash=prev, hash=digest))
        prev = digest
    return entries


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def verification(events: int, checkpoints: int) -> None:
    entries = trail(events)
    step = max(1, events // checkpoints)
    signed = [
        sign_checkpoint(KEY, seq, entries[seq - 1].hash, AT, "hourly")
        for seq in range(step, events + 1, step)
    ]
    lines = [(f"line {n}", c.to_line()) for n, c in enumerate(signed, 1)]
    source = CheckpointSource("the file", lines, authority=True)
    head = (events, entries[-1].hash)
    chain = min(timed(lambda: walk_chain(entries)) for _ in range(3))
    judged = min(
        timed(lambda: judge_trail(entries, head, [source], verify_key_of(KEY))) for _ in range(3)
    )
    print(f"chain walk, {events} events:            {chain:.3f} s")
    print(f"with {len(signed)} checkpoints:              {judged:.3f} s  ({judged / chain:.2f}x)")


def appending(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        store = CheckpointFile(Path(directory) / "checkpoints.jsonl")
        line = sign_checkpoint(KEY, 1, GENESIS_HASH, AT, "hourly").to_line().encode() + b"\n"

        def next_checkpoint(latest):
            seq = latest.seq + 1 if latest else 1
            return sign_checkpoint(KEY, seq, "a" * 64, AT, "hourly")

        ours = [timed(lambda: store.extend(next_checkpoint)) for _ in range(count)]
        descriptor = os.open(Path(directory) / "bare", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        bare = [timed(lambda: (os.write(descriptor, line), os.fsync(descriptor))) for _ in ours]
        os.close(descriptor)
    median, reference = statistics.median(ours), statistics.median(bare)
    print(f"append one checkpoint (median of {count}): {median * 1000:.2f} ms")
    print(f"bare write + fsync of a line:          {reference * 1000:.2f} ms", end="")
    print(f"  (checkpoint {median / reference:.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--checkpoints", type=int, default=8760)
    parser.add_argument("--appends", type=int, default=200)
    args = parser.parse_args()
    verification(args.events, args.checkpoints)
    appending(args.appends)


if __name__ == "__main__":
    main()
