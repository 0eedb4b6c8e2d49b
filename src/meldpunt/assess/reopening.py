"""Cases a rejected list entry settled, matched again without it (the entry is excluded).

A case whose capture still matches another list stays settled, with that list's provenance
and verdicts; the others go back to the analyst queue (`reopened`, naming the rejection).
The list-match verdicts that came from the excluded entry are deleted: a Verdict is one per
content and jurisdiction, and one that no list implies any more must not stand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from meldpunt.audit.services import Actor
from meldpunt.capture import steps
from meldpunt.capture.models import Capture, MatchRecord
from meldpunt.cases.models import Case, Content, Verdict
from meldpunt.cases.timeline import Happened, locked_cases, record
from meldpunt.cases.verdicts import record_verdicts, verdicts_from_matches
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.cases.timeline import CaseState, EventKind
from meldpunt.core.cases.verdicts import VerdictSource
from meldpunt.core.hashlists.known import KnownContent

SETTLED = CaseState.SETTLED_BY_MATCH.value


@dataclass(frozen=True)
class Reconsidered:
    """How many cases the entry settled that stay settled, and how many went back."""

    kept: int
    reopened: int


def settled_by_entry(entry_id: int) -> list[int]:
    """The items of the cases settled now whose current capture's standing match is the
    entry's."""
    captures = MatchRecord.objects.filter(entry_id=entry_id, outcome="stands").values("capture")
    settled = Case.objects.filter(state=SETTLED, capture__in=captures)
    return list(settled.order_by("pk").values_list("item_id", flat=True))


def match_again_without(
    entry_id: int, rejection_id: int, known: KnownContent, hotline: Hotline, actor: Actor
) -> Reconsidered:
    """Match every case the entry settled again against `known` (which no longer holds it):
    settled by another list, or reopened for an analyst; in one transaction."""
    with transaction.atomic():
        cases = locked_cases(settled_by_entry(entry_id))
        settled = [case for case in cases.values() if case.state == SETTLED and case.capture_id]
        captures = Capture.objects.in_bulk([case.capture_id for case in settled])
        matched = {case.pk: _again(captures[case.capture_id], known) for case in settled}
        still = [m for m in matched.values() if m.outcome is not None and m.outcome.known]
        gone = [case for case in settled if matched[case.pk] not in still]
        contents = {case.content_id for case in settled if case.content_id}
        Verdict.objects.filter(content__in=contents, source=VerdictSource.LIST_MATCH.value).delete()
        now = timezone.now()
        _settle_by_others(still, hotline, now)
        happened = [
            Happened(case.pk, EventKind.REOPENED, {"rejection": rejection_id}, case.capture_id)
            for case in gone
        ]
        record(happened, actor, {case.pk: case for case in cases.values()}, now)
        _queue(gone)
    return Reconsidered(len(still), len(gone))


def _again(capture: Capture, known: KnownContent) -> steps.Matched:
    return steps.Matched(capture, steps.matches_of(capture, known))


def _settle_by_others(still: list[steps.Matched], hotline: Hotline, now: datetime) -> None:
    """The matches that stand without the entry replace the capture's records, and their
    verdicts those deleted."""
    records = steps.record_matches(still)
    decided = []
    contents = Content.objects.in_bulk([m.capture.content_id for m in still])
    for m in still:
        content = contents[m.capture.content_id]
        standing = records.get(m.capture.pk, [])
        decided += [
            (content, draft, why)
            for draft, why in verdicts_from_matches(content, standing, hotline.country)
        ]
    record_verdicts(decided, Actor.system(), now)


def _queue(gone: list[Case]) -> None:
    """Back in the queue where it would have waited when first captured (cases._point set
    the order then; a case without it waits from its first report)."""
    ids = [case.pk for case in gone]
    Capture.objects.filter(pk__in=[case.capture_id for case in gone]).update(settled_at=None)
    for case in Case.objects.filter(pk__in=ids, queue_since__isnull=True).select_related("item"):
        case.queue_since, case.queue_reports = case.item.first_reported_at, case.item.report_count
        case.save(update_fields=["queue_since", "queue_reports"])
