"""Counts of items per capture state, and the operator listing of captures (the analyst
queue is the cases app's: cases.queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from meldpunt.capture.models import Capture, Purpose
from meldpunt.capture.states import CaptureState


def counts_per_state() -> list[tuple[str, str, int]]:
    """(state, label, count) for every state, in pipeline order, zeros included."""
    first = Capture.objects.filter(purpose=Purpose.FIRST)
    counted = dict(first.values_list("state").annotate(n=Count("pk")))
    return [(state.value, str(state.label), counted.get(state.value, 0)) for state in CaptureState]


def item_facts(capture: Capture) -> dict[str, Any]:
    """Everything an operator's script needs about one item: no content, hashes and facts only."""
    hosting = getattr(capture, "hosting", None)
    return {
        "item": capture.item_id,
        "capture": capture.pk,
        "purpose": capture.purpose,
        "case_state": getattr(getattr(capture.item, "case", None), "state", None),
        "url": capture.item.url,
        "state": capture.state,
        "kind": capture.kind,
        "attempts": capture.attempts,
        "error": capture.error,
        "parent_item": capture.parent.item_id if capture.parent else None,
        "hashes": {
            "md5": capture.md5,
            "sha1": capture.sha1,
            "sha256": capture.sha256,
            "pdq": capture.pdq,
            "pdq_quality": capture.pdq_quality,
            "video_frames": len(capture.frames),
        },
        "media_problem": capture.media_problem,
        "seen_before": capture.seen_before,
        "matches": [
            {
                "list": m.list_name,
                "list_kind": m.list_kind,
                "entry": m.entry_id,
                "hash": m.hash_type,
                "distance": m.distance,
                "variant": m.variant,
                "frame_timestamp": m.frame_timestamp,
                "classification": m.classification,
                "outcome": m.outcome,
            }
            for m in capture.matches.all()
        ],
        "hosting": None
        if hosting is None
        else {
            "host": hosting.host,
            "provider": hosting.provider,
            "country": hosting.country,
            "abuse_emails": hosting.abuse_emails,
            "addresses": hosting.addresses,
            "needs_origin": hosting.needs_origin,
            "notify_site_owner": hosting.notify_site_owner,
            "sources": hosting.sources,
            "problems": hosting.problems,
        },
    }


def captures_for(receipt_code: str | None = None) -> QuerySet[Capture]:
    """Every capture, or those of one report's items (and the media found on them)."""
    chosen = (
        Capture.objects.select_related("item", "item__case", "parent", "hosting")
        .prefetch_related("matches")
        .order_by("pk")
    )
    if receipt_code:
        direct = chosen.filter(item__reported_urls__report__receipt_code=receipt_code)
        chosen = chosen.filter(pk__in=direct.values("pk")) | chosen.filter(
            parent__in=direct.values("pk")
        )
    return chosen
