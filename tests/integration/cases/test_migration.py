"""A database made before cases existed migrates: every item gets its case and timeline, the
concluded captures their contents, groups and verdicts, and nothing else changes."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from meldpunt.capture.models import Capture
from meldpunt.cases.models import Case, Content, Verdict

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("capture", "0005_providers_moved_to_directory"),
    ("intake", "0002_partner_is_an_api_client"),
]
AT = datetime(2026, 11, 1, 12, tzinfo=UTC)
PDQ = "f" * 64
NEAR = "f" * 63 + "0"  # 4 bits away


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_rows(apps):
    report_model, item_model = apps.get_model("intake", "Report"), apps.get_model("intake", "Item")
    link, capture = apps.get_model("intake", "ReportedUrl"), apps.get_model("capture", "Capture")
    match = apps.get_model("capture", "MatchRecord")
    first = report_model.objects.create(receipt_code="MP-OLD1", channel="web", medium="image")
    again = report_model.objects.create(receipt_code="MP-OLD2", channel="csv", medium="image")
    items = []
    for n, state in enumerate(
        ("awaiting_assessment", "settled_by_match", "failed_final", "queued")
    ):
        item = item_model.objects.create(
            url=f"https://a.example.com/{n}.jpg",
            dedup_key=f"key{n}",
            host="a.example.com",
            registrable_domain="example.com",
            medium="image",
            report_count=1,
            last_reported_at=AT,
        )
        link.objects.create(report=first, item=item, url=item.url, line_no=n + 1)
        hashed = state in ("awaiting_assessment", "settled_by_match")
        variants = [PDQ if n == 0 else NEAR] * 8 if hashed else []
        made = capture.objects.create(
            item=item,
            state=state,
            kind="image" if hashed else "",
            sha256=f"{n:064x}" if hashed else "",
            pdq=variants[0] if variants else "",
            pdq_quality=90 if hashed else None,
            pdq_variants=variants,
            settled_at=AT if state == "settled_by_match" else None,
        )
        if state == "settled_by_match":
            match.objects.create(
                capture=made,
                list_name="police",
                list_kind="positive",
                hash_type="pdq",
                distance=3,
                classification="B1",
                outcome="stands",
            )
        items.append(item.pk)
    link.objects.create(
        report=again, item_id=items[0], url="https://a.example.com/0.jpg", line_no=1
    )
    return items


def test_items_captures_and_matches_made_before_cases_become_cases():
    old = migrate(BEFORE)
    waiting, settled, failed, queued = old_rows(old)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    states = dict(Case.objects.values_list("item", "state"))
    assert states == {
        waiting: "awaiting_assessment",
        settled: "settled_by_match",
        failed: "received",
        queued: "received",
    }
    kinds = lambda item: list(  # noqa: E731
        Case.objects.get(item=item).events.order_by("at", "pk").values_list("kind", flat=True)
    )
    assert kinds(waiting) == ["received", "re_reported", "captured", "queued"]
    assert kinds(settled) == ["received", "captured", "matched"]
    assert kinds(failed) == ["received"]
    assert set(Capture.objects.values_list("state", flat=True)) == {
        "concluded",
        "failed_final",
        "queued",
    }
    assert Content.objects.count() == 2
    near = Content.objects.values_list("group", flat=True).distinct()
    assert len(near) == 1  # 4 bits apart: one group
    assert sorted(Content.objects.values_list("placed", flat=True)) == [1, 2]  # workers follow
    [verdict] = Verdict.objects.all()
    assert (verdict.legality, verdict.baseline, verdict.classification) == (
        "illegal",
        "no",
        "national",
    )
    assert verdict.content == Case.objects.get(item=settled).content
