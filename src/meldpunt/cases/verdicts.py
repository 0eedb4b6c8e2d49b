"""Recording verdicts: one per (content, jurisdiction), with its source and provenance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from meldpunt.audit.services import Actor
from meldpunt.capture.models import MatchRecord
from meldpunt.cases.models import Content, Verdict
from meldpunt.core.cases.verdicts import (
    VerdictDraft,
    VerdictSource,
    strongest_classification,
    verdicts_from_list,
)


def verdicts_from_matches(
    content: Content, standing: Sequence[MatchRecord], hotline_country: str
) -> list[tuple[VerdictDraft, dict[str, Any]]]:
    """The verdicts a content's standing matches imply, each with its provenance."""
    classification = strongest_classification([m.classification or None for m in standing])
    provenance = {"matches": [_provenance(m) for m in standing]}
    return [(draft, provenance) for draft in verdicts_from_list(classification, hotline_country)]


def record_verdicts(
    decided: Sequence[tuple[Content, VerdictDraft, dict[str, Any]]], actor: Actor, at: datetime
) -> list[Verdict]:
    """Write the verdicts, replacing earlier ones of the same (content, jurisdiction); a list
    match never replaces an analyst's assessment. Returns those written."""
    if not decided:
        return []
    contents = {content.pk for content, _, _ in decided}
    assessed = set(
        Verdict.objects.filter(
            content__in=contents, source=VerdictSource.ASSESSMENT.value
        ).values_list("content", "jurisdiction")
    )
    rows = {
        (content.pk, draft.jurisdiction): _verdict(content, draft, provenance, actor, at)
        for content, draft, provenance in decided
        if draft.source is VerdictSource.ASSESSMENT
        or (content.pk, draft.jurisdiction) not in assessed
    }
    fields = [f.name for f in Verdict._meta.concrete_fields if f.name not in ("id", "content")]
    fields.remove("jurisdiction")
    return Verdict.objects.bulk_create(
        list(rows.values()),
        update_conflicts=True,
        unique_fields=["content", "jurisdiction"],
        update_fields=fields,
    )


def _verdict(
    content: Content, draft: VerdictDraft, provenance: dict[str, Any], actor: Actor, at: datetime
) -> Verdict:
    return Verdict(
        content=content,
        jurisdiction=draft.jurisdiction,
        legality=draft.legality.value,
        baseline=draft.baseline.value,
        classification=draft.classification.value,
        source=draft.source.value,
        provenance=provenance,
        rule_version=draft.rule_version,
        decided_by=actor.label,
        decided_at=at,
    )


def _provenance(match: MatchRecord) -> dict[str, Any]:
    return {
        "match": match.pk,
        "capture": match.capture_id,
        "list": match.list_name,
        "list_id": match.hash_list_id,
        "entry": match.entry_id,
        "hash": match.hash_type,
        "distance": match.distance,
        "classification": match.classification,
    }
