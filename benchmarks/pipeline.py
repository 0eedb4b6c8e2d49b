"""Capture pipeline throughput: items/s from report to final state, with 1, 2 and 4 workers.

Run: python benchmarks/pipeline.py [--items 600] [--workers 1 2 4]

A local web server on 127.0.0.1 serves benign photos (a tenth of them copies of listed ones).
For each worker count: a fresh PostgreSQL database and Redis queue, one `meldpunt
import-reports` of every URL (which queues a capture per item), then `meldpunt worker --kind
process`. Throughput is read from the database's own timestamps: items divided by the time
from the first finished fetch to the last item reaching its final state, so neither the
import nor the worker's start-up is counted. The reference is the 1-worker run.
Needs PostgreSQL (127.0.0.1:5432, database `test`) and Redis (127.0.0.1:6379).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import tempfile
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.processes import environment, meldpunt, start, throwaway_database
from tests.support.capture_site import build_site
from tests.support.webserver import local_site

BASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
STALL_SECONDS = 120
FINAL = ("concluded", "failed_final")


def progress(database_url: str) -> tuple[int, int, float]:
    """Final captures, all captures, and seconds from the first fetch to the last change."""
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE state = ANY(%s)), count(*), "
            "EXTRACT(EPOCH FROM max(updated_at) - min(fetched_at)) FROM capture_capture",
            (list(FINAL),),
        ).fetchone()
    return int(row[0]), int(row[1]), float(row[2] or 0.0)


def run(site, plan, workers: int, items: int) -> float:
    os.environ["DATABASE_URL"] = BASE_URL
    with tempfile.TemporaryDirectory() as scratch, throwaway_database() as database_url:
        tmp = Path(scratch)
        env = environment(
            tmp / "data",
            database_url,
            fetch_allow_loopback="1",
            jobs="redis",
            redis_url="redis://127.0.0.1:6379/13",
            job_queue_name=f"bench-{secrets.token_hex(4)}",
        )
        assert meldpunt(env, "migrate").returncode == 0
        meldpunt(env, "lists", "create", "police", "--kind", "positive", "--classification", "A1")
        (tmp / "police.txt").write_bytes(plan.list_file)
        meldpunt(env, "lists", "import", "police", str(tmp / "police.txt"))
        paths = [*plan.fresh, *plan.listed][:items]
        rows = "".join(f"{site.url(p)};;B-{n};bench;image\n" for n, p in enumerate(paths))
        (tmp / "reports.csv").write_text("url;referer;reference;source;type\n" + rows)
        imported = meldpunt(env, "import-reports", str(tmp / "reports.csv"), timeout=600)
        assert imported.returncode == 0, imported.stderr
        worker = start(
            env,
            "worker",
            "--workers",
            str(workers),
            "--kind",
            "process",
            cwd=tmp,
            log=tmp / "worker.log",
        )
        try:
            last_change, seen = time.monotonic(), -1
            while True:
                done, total, seconds = progress(database_url)
                if total >= len(paths) and done >= total:
                    break
                if done != seen:
                    last_change, seen = time.monotonic(), done
                elif time.monotonic() - last_change > STALL_SECONDS:
                    tail = (tmp / "worker.log").read_text().splitlines()[-20:]
                    raise SystemExit(
                        f"no progress for {STALL_SECONDS} s at {done}/{total} final captures; "
                        "the worker's last lines:\n" + "\n".join(tail)
                    )
                time.sleep(0.5)
        finally:
            worker.send_signal(signal.SIGINT)
            worker.wait(timeout=60)
        return len(paths) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=600)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    with local_site() as site:
        plan = build_site(site, photos=args.items, listed=max(1, args.items // 10))
        print(
            f"{args.items} image reports (640x480 JPEG), {len(plan.listed)} of them listed "
            "copies; PostgreSQL + Redis, `meldpunt worker --kind process`"
        )
        print(f"{'workers':>8}{'items/s':>10}{'vs 1 worker':>13}")
        first = None
        for workers in args.workers:
            rate = run(site, plan, workers, args.items)
            first = first or rate
            print(f"{workers:>8}{rate:>10.1f}{rate / first:>12.2f}x", flush=True)


if __name__ == "__main__":
    main()
