"""The analyst queue, and everything known about one case (never content).

Queue priority (documented in the README):
1. material not seen before (no earlier capture with the same SHA-256) comes first;
2. then by media type: video, image, page, other;
3. then the more often reported first;
4. then the oldest report first.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from meldpunt.capture.models import Capture, HostingRecord
from meldpunt.cases.models import Case, Content
from meldpunt.core.cases.timeline import CaseState
from meldpunt.ids import parse_id

MEDIA_ORDER = ("video", "image", "html", "other")


def analyst_queue() -> QuerySet[Case]:
    """Cases waiting for an analyst, in priority order (along the queue's own index)."""
    return (
        Case.objects.filter(state=CaseState.AWAITING_ASSESSMENT.value)
        .select_related("item", "capture", "hosting")
        .order_by(*QUEUE_ORDER)
    )


QUEUE_ORDER = ("queue_seen_before", "queue_media", "-queue_reports", "queue_since", "pk")


def media_rank(kind: str) -> int:
    """Where a kind of media stands in the queue: video first, then image, page, other."""
    return MEDIA_ORDER.index(kind) if kind in MEDIA_ORDER else len(MEDIA_ORDER)


def case_facts(case: Case) -> dict[str, Any]:
    """A case as an operator's script reads it: state, content, group, verdicts, hosting
    history and timeline; hashes and facts only."""
    captures = list(case.item.captures.select_related("hosting").order_by("pk"))
    return {
        "item": case.item_id,
        "url": case.item.url,
        "state": case.state,
        "opened_at": case.opened_at.isoformat(),
        "content": _content(case.content),
        "verdicts": _verdicts(case.content),
        "captures": [_capture(c) for c in captures],
        "hosting": [
            _hosting(record, case.hosting_id)
            for record in (getattr(c, "hosting", None) for c in captures)
            if record is not None
        ],
        "timeline": [
            {
                "at": e.at.isoformat(),
                "event": e.kind,
                "actor": e.actor,
                "capture": e.capture_id,
                "details": e.details,
            }
            for e in case.events.order_by("at", "pk")
        ],
    }


def _content(content: Content | None) -> dict[str, Any] | None:
    if content is None:
        return None
    group = content.group
    return {
        "id": content.pk,
        "sha256": content.sha256,
        "md5": content.md5,
        "sha1": content.sha1,
        "pdq": content.pdq,
        "kind": content.kind,
        "captures": content.captures.count(),
        "group": None
        if group is None
        else {"id": group.pk, "size": group.size, "spread": group.spread},
    }


def _verdicts(content: Content | None) -> list[dict[str, Any]]:
    if content is None:
        return []
    return [
        {
            "jurisdiction": v.jurisdiction,
            "legality": v.legality,
            "baseline": v.baseline,
            "classification": v.classification,
            "source": v.source,
            "rule_version": v.rule_version,
            "provenance": v.provenance,
            "decided_by": v.decided_by,
            "decided_at": v.decided_at.isoformat(),
        }
        for v in content.verdicts.order_by("jurisdiction")
    ]


def _capture(capture: Capture) -> dict[str, Any]:
    return {
        "id": capture.pk,
        "purpose": capture.purpose,
        "state": capture.state,
        "fetched_at": capture.fetched_at.isoformat() if capture.fetched_at else None,
        "sha256": capture.sha256,
        "content": capture.content_id,
        "error": capture.error,
    }


def _hosting(record: HostingRecord, current: int | None) -> dict[str, Any]:
    return {
        "capture": record.capture_id,
        "traced_at": record.traced_at.isoformat(),
        "current": record.pk == current,
        "host": record.host,
        "country": record.country,
        "provider": record.provider,
        "addresses": [a["address"] for a in record.addresses],
        "abuse_emails": record.abuse_emails,
        "sources": record.sources,
    }


def cases_named(reference: str) -> list[Case]:
    """The cases an item number (`12`, `#12`) or a receipt code names."""
    number = reference.strip().lstrip("#")
    item = parse_id(number)
    if item is not None:
        return list(Case.objects.filter(item_id=item).select_related("item", "content"))
    return list(
        Case.objects.filter(item__reported_urls__report__receipt_code=reference.strip().upper())
        .select_related("item", "content")
        .order_by("item_id")
        .distinct()
    )
