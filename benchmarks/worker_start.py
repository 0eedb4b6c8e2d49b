"""Job-worker start-up with large hash lists: time until every worker is ready, and memory.

Run: python benchmarks/worker_start.py [--entries 1000000] [--workers 4]

A fresh PostgreSQL database gets one hash list of N random PDQ entries. Then `meldpunt worker
--kind process` starts; it is ready when each of its workers has logged that it is ready for
captures. Printed: seconds to ready, and the proportional memory (PSS, which splits shared
pages between the processes sharing them) of the whole process tree, first with the list empty,
then full. The reference is the same index built once in this process: ideally the lists add
one build's time and one index's memory to a worker's start, however many workers it runs.
Needs PostgreSQL (127.0.0.1:5432, database `test`) and Redis (127.0.0.1:6379).
"""

from __future__ import annotations

import argparse
import os
import resource
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.processes import children_of, environment, meldpunt, start, throwaway_database

BASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
READY = "ready for captures"


def fill_list(database_url: str, entries: int) -> None:
    """One positive list of `entries` distinct pseudo-random PDQ hashes, written by SQL."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        (list_id,) = conn.execute("SELECT id FROM lists_hashlist").fetchone()
        conn.execute(
            "INSERT INTO lists_hashlistentry (hash_list_id, pdq, md5, sha1, sha256, photodna, "
            "classification, source_ref, added_at) "
            "SELECT %s, md5(i::text) || md5((i + 7919)::text), '', '', '', '', '', '', now() "
            "FROM generate_series(1, %s) AS i",
            (list_id, entries),
        )


def tree_of(root: int) -> list[int]:
    """The process and everything under it."""
    tree, frontier = [root], [root]
    while frontier:
        frontier = [child for parent in frontier for child in children_of(parent)]
        tree += frontier
    return tree


def pss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in rollup.splitlines() if line[:4] == "Pss:")
    return total / 1024


def start_worker(database_url: str, workers: int, scratch: Path) -> tuple[float, float]:
    """Seconds until every worker is ready, and the tree's PSS then (MiB)."""
    env = environment(
        scratch / "data",
        database_url,
        jobs="redis",
        redis_url="redis://127.0.0.1:6379/13",
        job_queue_name=f"bench-{secrets.token_hex(4)}",
    )
    log = scratch / "worker.log"
    started = time.monotonic()
    worker = start(
        env, "worker", "--workers", str(workers), "--kind", "process", cwd=scratch, log=log
    )
    try:
        while log.read_text().count(READY) < workers:
            if worker.poll() is not None:
                raise SystemExit("the worker stopped:\n" + log.read_text()[-2000:])
            time.sleep(0.1)
        ready = time.monotonic() - started
        time.sleep(2)  # let every worker settle after its first round of work
        return ready, pss_mib(tree_of(worker.pid))
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        worker.wait(timeout=60)


def build_once(database_url: str) -> tuple[float, float]:
    """Seconds and MiB for one in-process build of the same index (the reference)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "meldpunt.settings"
    import django

    django.setup()
    from meldpunt.lists.services import load_known_content

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    known = load_known_content()
    seconds = time.monotonic() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert len(known) > 0
    return seconds, grown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = BASE_URL
    with tempfile.TemporaryDirectory() as scratch, throwaway_database() as database_url:
        assert database_url, "needs PostgreSQL"
        tmp = Path(scratch)
        env = environment(tmp / "data", database_url)
        assert meldpunt(env, "migrate").returncode == 0
        meldpunt(env, "lists", "create", "police", "--kind", "positive", "--classification", "A1")
        bare_ready, bare_pss = start_worker(database_url, args.workers, tmp)
        fill_list(database_url, args.entries)
        ready, pss = start_worker(database_url, args.workers, tmp)
        once, grown = build_once(database_url)
        print(f"{args.entries} PDQ entries, `meldpunt worker --workers {args.workers}`")
        print(f"{'':>34}{'seconds':>10}{'MiB':>10}")
        print(f"{'reference: one build in process':>34}{once:>10.1f}{grown:>10.0f}")
        print(f"{'worker, lists empty':>34}{bare_ready:>10.1f}{bare_pss:>10.0f}")
        print(f"{'worker, lists full':>34}{ready:>10.1f}{pss:>10.0f}")
        extra_s, extra_mib = ready - bare_ready, pss - bare_pss
        print(f"{'what the lists add':>34}{extra_s:>10.1f}{extra_mib:>10.0f}")
        print(f"{'ratio to the reference':>34}{extra_s / once:>9.2f}x{extra_mib / grown:>9.2f}x")


if __name__ == "__main__":
    main()
