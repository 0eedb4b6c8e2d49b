"""CSV import speed, and what the public meets meanwhile: rows/s, the import's transaction
time, and the status counts and latencies of public reports posted during it.

Run: python benchmarks/import.py [--rows 20000] [--submitters 4] [--no-reference]

A real `meldpunt serve` runs on 127.0.0.1 with its own data directory (SQLite; PostgreSQL
when DATABASE_URL is set, in a throwaway database). A separate process posts public reports to
it from several threads, as browsers would (form fetched for the CSRF token and cookie, then
posted with a same-origin Origin header). Meanwhile this process imports N rows into the same
database twice: first one report at a time in one transaction, as the import used to (the
reference), then through today's path (every line checked first, then one short transaction
of bulk statements). Reports under way while each import's transaction was open, and during
the whole import, are counted by HTTP status (201 or 303 stored, 503 busy, 500 a server
error) with their latency percentiles (form fetched and posted).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.processes import environment, meldpunt, serving, throwaway_database
from tests.support.submitters import STORED, Submission, Submitters, percentile


def csv_of(rows: int, tag: str) -> bytes:
    """N reports of distinct addresses on 500 hosts, with a header."""
    lines = "".join(
        f"https://{tag}-host{n % 500}.example.org/p/{n}.jpg;;{tag}-{n};bench;image\n"
        for n in range(rows)
    )
    return ("url;referer;reference;source;type\n" + lines).encode()


def drafts_of(data: bytes):
    """Every line checked (as `meldpunt import-reports` does), as report drafts."""
    from meldpunt.core.csv_reports import read_report_csv
    from meldpunt.core.reports import DraftUrl, ReportDraft

    reading = read_report_csv(data)
    assert not reading.problems, reading.problems[:3]
    return [
        ReportDraft(
            urls=(DraftUrl(r.line_no, r.url, r.referer),),
            medium=r.medium,
            source=r.source,
            reference=r.reference,
        )
        for r in reading.rows
    ]


def one_at_a_time(drafts) -> float:
    """The import as it was before bulk writing, statement for statement: per report a
    receipt-code check, the report, per address get_or_create (whose post_save queues the
    capture), a count update and a link, then an audit event; all in one transaction.
    Returns the seconds from the transaction's start to its commit."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone

    from meldpunt.audit.services import Actor, record_event
    from meldpunt.core.receipts import new_receipt_code
    from meldpunt.intake.models import Item, Report, ReportedUrl

    started, committed = time.monotonic(), [0.0]
    with transaction.atomic():
        transaction.on_commit(lambda: committed.__setitem__(0, time.monotonic()))
        for draft in drafts:
            code = new_receipt_code()
            while Report.objects.filter(receipt_code=code).exists():
                code = new_receipt_code()
            report = Report.objects.create(
                receipt_code=code,
                channel="csv",
                medium=draft.medium.value,
                source=draft.source,
                reference=draft.reference,
            )
            joined = []
            for address in draft.urls:
                url, now = address.url, timezone.now()
                item, created = Item.objects.get_or_create(
                    dedup_key=url.dedup_key,
                    defaults={
                        "url": url.url,
                        "host": url.host,
                        "registrable_domain": url.registrable_domain,
                        "medium": draft.medium.value,
                        "last_reported_at": now,
                    },
                )
                Item.objects.filter(pk=item.pk).update(
                    report_count=F("report_count") + 1, last_reported_at=now
                )
                ReportedUrl.objects.create(
                    report=report, item=item, url=url.url, line_no=address.line_no
                )
                joined.append((item, created))
            record_event(
                Actor.system(),
                "report.received",
                report,
                {
                    "channel": "csv",
                    "new_items": [i.pk for i, new in joined if new],
                    "joined_items": [i.pk for i, new in joined if not new],
                    "contact_sealed": False,
                },
            )
    return committed[0] - started


def in_bulk(drafts) -> float:
    """Today's path; returns the seconds from the transaction's start to its commit."""
    from meldpunt.audit.services import Actor
    from meldpunt.intake.services import take_reports

    return take_reports(drafts, channel="csv", actor=Actor.system()).write_seconds


def submitting(base: str, threads: int, tag: str) -> subprocess.Popen:
    """The posting process; it says "ready" once reports are going through."""
    child = subprocess.Popen(  # noqa: S603 - this very script, as the posting process
        [sys.executable, __file__, "--submit", base, "--submitters", str(threads), "--tag", tag],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "ready"
    return child


def finished(child: subprocess.Popen) -> list[Submission]:
    out, _ = child.communicate("stop\n", timeout=300)  # posts under way finish first
    return [Submission(*row) for row in json.loads(out)]


def transaction_window(importer: Callable, drafts) -> tuple[float, float]:
    """Run the import; when (time.time()) its transaction began and committed. It began just
    before its first statement (BEGIN itself goes past Django's statement hooks)."""
    from django.db import connection

    first: list[float] = []

    def note(execute, sql, params, many, context):
        if not first:
            first.append(time.time())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        seconds = importer(drafts)
    return first[0], first[0] + seconds


def measure(name: str, importer: Callable, rows: int, base: str, threads: int) -> dict:
    tag = name.split(":")[0]  # "old" or "now": each run's addresses are its own
    data = csv_of(rows, tag)
    child = submitting(base, threads, tag)
    started = time.time()
    drafts = drafts_of(data)
    checked = time.time() - started
    began, committed = transaction_window(importer, drafts)
    ended = time.time()
    time.sleep(1)
    posted = finished(child)
    return {
        "name": name,
        "rows": len(drafts),
        "seconds": ended - started,
        "checked": checked,
        "transaction": committed - began,
        "import": [s for s in posted if _overlaps(s, started, ended)],
        "transaction_open": [s for s in posted if _overlaps(s, began, committed)],
    }


def _overlaps(posted: Submission, start: float, end: float) -> bool:
    """The report was under way at some moment between start and end."""
    return posted.sent_at <= end and posted.sent_at + posted.seconds >= start


def report(results: list[dict]) -> None:
    print(
        f"\n{'import path':<20}{'rows/s':>8}{'total s':>9}{'checks s':>9}{'txn s':>7}"
        "   reports under way: while the transaction was open / during the whole import"
    )
    for r in results:
        print(
            f"{r['name']:<20}{r['rows'] / r['seconds']:>8,.0f}{r['seconds']:>9.1f}"
            f"{r['checked']:>9.2f}{r['transaction']:>7.2f}"
        )
        for window in ("transaction_open", "import"):
            print(f"{'':<24}{window.replace('_', ' '):<17}{_posted(r[window])}")
    if len(results) == 2:
        old, new = results
        print(
            f"\nin bulk against one at a time: {old['seconds'] / new['seconds']:.1f}x the "
            f"rows/s, a transaction {old['transaction'] / new['transaction']:.1f}x shorter"
        )


def _posted(posted: list[Submission]) -> str:
    statuses = Counter(s.status for s in posted)
    stored = sum(n for status, n in statuses.items() if status in STORED)
    other = sum(statuses.values()) - stored - statuses[503] - statuses[500]
    waits = [s.seconds for s in posted]
    times = " ".join(
        f"{label} {percentile(waits, q):.2f}"
        for label, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0))
    )
    return (
        f"{len(posted):>4} posted: {stored} stored, {statuses[503]} busy (503), "
        f"{statuses[500]} HTTP 500, {other} other; seconds {times}"
    )


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "meldpunt.settings"
    import django

    django.setup()


def run(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as scratch, throwaway_database() as database_url:
        tmp = Path(scratch)
        env = environment(tmp / "data", database_url, report_rate="1000000/h")
        assert meldpunt(env, "migrate").returncode == 0
        with serving(env, tmp, *([] if args.with_jobs else ["--no-jobs"])) as base:
            setup_django(env)
            database = "PostgreSQL" if database_url else "SQLite"
            print(
                f"Importing {args.rows:,} rows on {database} while {args.submitters} threads "
                f"post public reports to meldpunt serve at {base}"
            )
            paths = [] if args.no_reference else [("old: one at a time", one_at_a_time)]
            results = [
                measure(name, importer, args.rows, base, args.submitters)
                for name, importer in [*paths, ("now: in bulk", in_bulk)]
            ]
    report(results)


def submit_until_told(base: str, threads: int, tag: str) -> None:
    """Child mode: post until a line (or the end) arrives on stdin; print every submission."""
    with Submitters(base, threads, tag) as submitters:
        submitters.wait_for(threads * 2)
        print("ready", flush=True)
        sys.stdin.readline()
    rows = [[s.url, s.sent_at, s.seconds, s.status] for s in submitters.done]
    print(json.dumps(rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--submitters", type=int, default=4, help="threads posting reports")
    parser.add_argument("--no-reference", action="store_true", help="skip the old path")
    parser.add_argument("--with-jobs", action="store_true", help="serve runs its job workers")
    parser.add_argument("--submit", help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="s", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.submit:
        submit_until_told(args.submit, args.submitters, args.tag)
    else:
        run(args)


if __name__ == "__main__":
    main()
