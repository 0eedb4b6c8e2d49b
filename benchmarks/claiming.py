"""Claiming the next case, and the workspace page: ms each with 100,000 cases waiting (PostgreSQL).

Run: python benchmarks/claiming.py [--waiting 100000] [--claims 400] [--analysts 5]

A throwaway PostgreSQL database gets `--waiting` reported addresses (one `meldpunt
import-reports`), each made a waiting case with a content of its own, a tenth of them in
near-copy groups of two, with mixed media, report counts and ages. Analysts then claim in turn
(the others each holding a claim meanwhile); after each claim the case is taken out of the
queue, as an assessment would, and the claim released (not timed). The reference, in the same
process, is the queue's first case found as the last release found it: ordered over joins to
the item and the capture, with no index to follow. Then the server renders the workspace
page for an analyst holding a group of two (Django's test client, so the time is the
server's own), beside the capture dashboard, a staff page of counts, as a reference. Needs
PostgreSQL (DATABASE_URL or 127.0.0.1:5432, database `test`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.e2e.processes import environment, meldpunt, throwaway_database

BASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
MEDIA = ("video", "image", "html", "other")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument("--analysts", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the claim's query plan")
    parser.add_argument("--renders", type=int, default=100, help="workspace pages to time")
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", BASE_URL)
    with tempfile.TemporaryDirectory() as scratch, throwaway_database() as database_url:
        assert database_url, "this benchmark runs on PostgreSQL"
        tmp = Path(scratch)
        env = environment(tmp / "data", database_url)
        assert meldpunt(env, "migrate").returncode == 0
        started = time.monotonic()
        waiting(env, tmp, args.waiting)
        print(
            f"{args.waiting:,} cases waiting on PostgreSQL (made in "
            f"{time.monotonic() - started:.0f} s); {args.analysts} analysts claiming in turn"
        )
        now, reference = measure(args.claims, args.analysts, args.explain)
        print(f"{'':24}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
        for name, times in (("now: claim_next", now), ("reference: first case", reference)):
            print(f"{name:24}" + "".join(f"{v:>9.2f}" for v in summary(times)))
        ratio = summary(reference)[1] / summary(now)[1]
        print(f"p95: the reference takes {ratio:.1f}x as long as a whole claim does now")
        page, dashboard = pages(args.renders)
        for name, times in (("workspace page", page), ("reference: dashboard", dashboard)):
            print(f"{name:24}" + "".join(f"{v:>9.2f}" for v in summary(times)))


def waiting(env: dict[str, str], tmp: Path, count: int) -> None:
    """`count` waiting cases, each with a content; every tenth pair shares a group."""
    rows = "".join(f"https://q{n % 97}.example.org/{n}.jpg;;;bench;image\n" for n in range(count))
    (tmp / "reports.csv").write_text("url;referer;reference;source;type\n" + rows)
    imported = meldpunt(env, "import-reports", str(tmp / "reports.csv"), timeout=1800)
    assert imported.returncode == 0, imported.stderr
    setup_django(env)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(WAITING_SQL.replace("%%", "%"))
    connection.close()


WAITING_SQL = """
INSERT INTO cases_contentgroup (spread, size, created_at)
    SELECT 0, 2, now() FROM generate_series(1, (SELECT count(*) / 20 FROM cases_case));
WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases_case),
     groups AS (SELECT id, row_number() OVER (ORDER BY id) AS g FROM cases_contentgroup)
INSERT INTO cases_content (sha256, md5, sha1, kind, pdq, pdq_variants, group_id, first_captured_at)
    SELECT md5(n::text) || md5((n + 1)::text), md5(n::text), left(md5(n::text) || 'x', 40),
           'image', '', '[]', groups.id, now()
    FROM numbered LEFT JOIN groups ON groups.g = (numbered.n + 1) / 2
    ORDER BY numbered.n;
WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases_case),
     contents AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases_content)
UPDATE cases_case SET state = 'awaiting_assessment', content_id = contents.id,
    queue_seen_before = (numbered.n %% 7 = 0), queue_media = numbered.n %% 4,
    queue_reports = 1 + numbered.n %% 5,
    queue_since = now() - (numbered.n %% 1000) * interval '1 min'
FROM numbered JOIN contents USING (n) WHERE cases_case.id = numbered.id;
UPDATE capture_capture SET state = 'concluded', kind = 'image';
ANALYZE;
"""


def measure(claims: int, analysts: int, explain: bool) -> tuple[list[float], list[float]]:
    from django.utils import timezone

    from meldpunt.accounts.models import User
    from meldpunt.assess.claims import claim_next, release
    from meldpunt.cases.models import Case

    staff = [User.objects.create_user(f"analyst{n}", role="analyst") for n in range(analysts)]
    for member in staff[1:]:
        claim_next(member, timezone.now())
    if explain:
        from django.db import transaction

        from meldpunt.assess.claims import CANDIDATES, free_cases

        with transaction.atomic():
            print(free_cases([])[:CANDIDATES].explain(analyze=True))
    now: list[float] = []
    for n in range(claims):
        member = staff[n % analysts]
        release(member)
        claim = timed(now, lambda member=member: claim_next(member, timezone.now()))
        assert claim is not None
        Case.objects.filter(pk=claim.case_id).update(state="assessed")
    reference: list[float] = []
    for _ in range(min(claims, 50)):
        timed(reference, first_case_as_before)
    return now, reference


def pages(renders: int) -> tuple[list[float], list[float]]:
    """Server time to render the workspace (a claim held on a group) and the dashboard."""
    from django.test import Client
    from django.utils import timezone

    from meldpunt.accounts.models import User
    from meldpunt.assess.claims import claim_next, release
    from meldpunt.cases.models import Case

    analyst = User.objects.create_user("pages", role="analyst")
    grouped = Case.objects.filter(state="awaiting_assessment", content__group__isnull=False)
    Case.objects.filter(state="awaiting_assessment").exclude(
        pk__in=grouped.values("pk")[:1]
    ).update(queue_seen_before=True)  # the first waiting case is one of a group
    release(analyst)
    claim = claim_next(analyst, timezone.now())
    assert claim is not None
    assert claim.work.startswith("group:"), claim.work
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(analyst)
    workspace: list[float] = []
    dashboard: list[float] = []
    for _ in range(renders):
        answer = timed(workspace, lambda: client.get("/staff/assess/"))
        assert answer.status_code == 200, answer.status_code  # type: ignore[attr-defined]
        timed(dashboard, lambda: client.get("/staff/capture/"))
    return workspace, dashboard


def first_case_as_before() -> object:
    """The last release's queue: ordered over its joins, by a rank computed per row."""
    from django.db.models import Case as When_
    from django.db.models import IntegerField, Value, When

    from meldpunt.cases.models import Case

    rank = When_(
        *(When(capture__kind=kind, then=Value(n)) for n, kind in enumerate(MEDIA)),
        default=Value(len(MEDIA)),
        output_field=IntegerField(),
    )
    return (
        Case.objects.filter(state="awaiting_assessment")
        .select_related("item", "capture", "hosting")
        .annotate(media_rank=rank)
        .order_by(
            "capture__seen_before",
            "media_rank",
            "-item__report_count",
            "item__first_reported_at",
            "pk",
        )
        .first()
    )


def timed(into: list[float], work: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = work()
    into.append((time.perf_counter() - started) * 1000)
    return result


def summary(times: list[float]) -> tuple[float, float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95, ordered[-1]


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "meldpunt.settings"
    import django

    django.setup()


if __name__ == "__main__":
    main()
