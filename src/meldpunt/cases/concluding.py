"""What a concluded capture means for its case: content, hosting, and the next step.

A first capture is `captured`, then `matched` (a standing list match: the verdicts its list
implies are written, and nobody needs to look) or `queued` for an analyst. A re-check is
`rechecked`, saying whether the bytes changed. A trace whose country, provider or addresses
differ from the case's current one is `moved`. All of it commits with the capture's step.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from meldpunt.audit.services import Actor
from meldpunt.capture.models import Capture, HostingRecord, MatchRecord, Purpose
from meldpunt.capture.rows import update_from_values
from meldpunt.cases.models import Case, Content, Verdict
from meldpunt.cases.near_copies import place
from meldpunt.cases.queries import media_rank
from meldpunt.cases.timeline import Happened, audit, locked_cases, record, written
from meldpunt.cases.verdicts import record_verdicts, verdicts_from_matches
from meldpunt.core.cases.hosting import HostingSummary, hosting_changes
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.cases.timeline import CaseState, EventKind
from meldpunt.core.cases.verdicts import VerdictSource

E = EventKind


@dataclass(frozen=True)
class Concluded:
    """A capture's result: the match records that stand, and its hosting trace."""

    capture: Capture
    standing: Sequence[MatchRecord]
    hosting: HostingRecord | None
    seen_before: bool = False  # the same bytes were captured before, from any address


def captures_concluded(
    done: Sequence[Concluded], contents: Mapping[int, Content], hotline: Hotline, why: str = ""
) -> None:
    """Advance the captures' cases (in the caller's transaction); `contents` are the hashed
    captures' contents by capture id (contents.contents_of)."""
    cases = locked_cases([d.capture.item_id for d in done])
    before = _hosting_before([case for case in cases.values()])
    assessed = _assessed(done, contents, hotline.country)
    now, happened, decided = timezone.now(), [], []
    for d in done:
        case = cases[d.capture.item_id]
        content = contents.get(d.capture.pk)
        steps = _next_steps(case, d, content, why, assessed)
        happened += steps + _moved(case, d, before.get(case.pk))
        if content is not None and any(step.kind is E.MATCHED for step in steps):
            decided += _verdicts(content, d.standing, hotline.country)
        _point(case, d, content)
    record_verdicts(decided, Actor.system(), now)
    by_id = {case.pk: case for case in cases.values()}
    audited = written(happened, Actor.system(), by_id, now, store_states=False)
    update_from_values(Case, [(case.pk, _row(case)) for case in by_id.values()], {})
    # Last, as they lock what every worker's commit waits for (the grouping lock, then the
    # audit trail's head): held only from here to the commit.
    place(list({c.pk: c for c in contents.values()}.values()), hotline.near_copy_threshold)
    audit(Actor.system(), audited)


def settled_again(done: Sequence[Concluded], why: str, hotline: Hotline) -> int:
    """Cases awaiting assessment whose capture now matches a list (added since): `matched`,
    with the verdicts the list implies. Returns how many were settled."""
    cases = locked_cases([d.capture.item_id for d in done])
    waiting = [
        d
        for d in done
        if d.standing
        and d.capture.content_id
        and cases[d.capture.item_id].state == CaseState.AWAITING_ASSESSMENT.value
        and cases[d.capture.item_id].capture_id == d.capture.pk
    ]
    contents = Content.objects.in_bulk([d.capture.content_id for d in waiting])
    decided = [
        v
        for d in waiting
        for v in _verdicts(contents[d.capture.content_id], d.standing, hotline.country)
    ]
    now = timezone.now()
    record_verdicts(decided, Actor.system(), now)
    happened = [_matched(cases[d.capture.item_id], d, why) for d in waiting]
    record(happened, Actor.system(), {case.pk: case for case in cases.values()}, now)
    Capture.objects.filter(pk__in=[d.capture.pk for d in waiting]).update(settled_at=now)
    return len(waiting)


def recheck_failed(capture: Capture, problem: str) -> None:
    """A re-check that found nothing to capture (gone, refused, unreachable): `rechecked`,
    offline, with the fetcher's reason (never anything the address served)."""
    case = locked_cases([capture.item_id]).get(capture.item_id)
    if case is None or case.state == CaseState.RECEIVED.value:
        return
    details = {"online": False, "problem": problem[:200]}
    record([Happened(case.pk, E.RECHECKED, details, capture.pk)], Actor.system(), {case.pk: case})


def _assessed(
    done: Sequence[Concluded], contents: Mapping[int, Content], country: str
) -> dict[int, Verdict]:
    """The analysts' verdicts under the hotline's law on contents captured before, by content:
    a case of the same bytes inherits its content's assessment instead of waiting again."""
    again = [contents[d.capture.pk].pk for d in done if d.seen_before and d.capture.pk in contents]
    if not again:
        return {}
    found = Verdict.objects.filter(
        content__in=again, jurisdiction=country, source=VerdictSource.ASSESSMENT.value
    )
    return {verdict.content_id: verdict for verdict in found}


def _next_steps(
    case: Case, d: Concluded, content: Content | None, why: str, assessed: Mapping[int, Verdict]
) -> list[Happened]:
    capture = d.capture
    found = {"content": content.pk if content else None, "sha256": capture.sha256}
    if capture.purpose == Purpose.RECHECK.value and case.state != CaseState.RECEIVED.value:
        changed = content is not None and case.content_id not in (None, content.pk)
        return [
            Happened(
                case.pk, E.RECHECKED, {**found, "online": True, "changed": changed}, capture.pk
            )
        ]
    steps = [Happened(case.pk, E.CAPTURED, {**found, "kind": capture.kind}, capture.pk)]
    if d.standing:
        return [*steps, _matched(case, d, why)]
    verdict = assessed.get(content.pk) if content is not None else None
    if verdict is not None:
        return [*steps, *_inherited(case, verdict, capture.pk)]
    return [*steps, Happened(case.pk, E.QUEUED, {}, capture.pk)]


def _inherited(case: Case, verdict: Verdict, capture: int) -> list[Happened]:
    """The content's assessment, taken over; held with it while a senior has yet to settle."""
    provenance = verdict.provenance
    details = {
        "assessment": provenance.get("assessment"),
        "inherited": True,
        "classification": verdict.classification,
    }
    steps = [Happened(case.pk, E.ASSESSED, details, capture)]  # it never waits in the queue
    if provenance.get("held"):
        steps.append(Happened(case.pk, E.HELD, {"assessment": provenance.get("assessment")}))
    return steps


def _matched(case: Case, d: Concluded, why: str) -> Happened:
    details: dict[str, Any] = {"matches": [m.pk for m in d.standing]}
    if why:
        details["because"] = why
    return Happened(case.pk, E.MATCHED, details, d.capture.pk)


def _verdicts(
    content: Content, standing: Sequence[MatchRecord], country: str
) -> list[tuple[Any, ...]]:
    return [
        (content, draft, why) for draft, why in verdicts_from_matches(content, standing, country)
    ]


def _point(case: Case, d: Concluded, content: Content | None) -> None:
    case.capture = d.capture
    if content is not None:
        case.content = content
    if d.hosting is not None:
        case.hosting = d.hosting
    if d.capture.purpose == Purpose.FIRST.value:  # where it would wait in the queue
        item = d.capture.item
        case.queue_seen_before, case.queue_media = d.seen_before, media_rank(d.capture.kind)
        case.queue_reports, case.queue_since = item.report_count, item.first_reported_at


def _row(case: Case) -> dict[str, Any]:
    """What concluding changes on a case: its state and what it points to."""
    return {
        "state": case.state,
        "state_changed_at": case.state_changed_at,
        "capture_id": case.capture_id,
        "content_id": case.content_id,
        "hosting_id": case.hosting_id,
        "queue_seen_before": case.queue_seen_before,
        "queue_media": case.queue_media,
        "queue_reports": case.queue_reports,
        "queue_since": case.queue_since,
    }


def _hosting_before(cases: Sequence[Case]) -> Mapping[int, HostingRecord]:
    ids = [case.hosting_id for case in cases if case.hosting_id]
    records = HostingRecord.objects.in_bulk(ids)
    return {case.pk: records[case.hosting_id] for case in cases if case.hosting_id in records}


def _moved(case: Case, d: Concluded, before: HostingRecord | None) -> list[Happened]:
    if before is None or d.hosting is None or before.pk == d.hosting.pk:
        return []
    changes = hosting_changes(_summary(before), _summary(d.hosting))
    if not changes:
        return []
    details = {
        "changed": [c.value for c in changes],
        "from": _facts(before),
        "to": _facts(d.hosting),
        "hosting": d.hosting.pk,
    }
    return [Happened(case.pk, E.MOVED, details, d.capture.pk)]


def _summary(record: HostingRecord) -> HostingSummary:
    addresses = frozenset(a["address"] for a in record.addresses if a.get("address"))
    return HostingSummary(record.country, record.provider, addresses)


def _facts(record: HostingRecord) -> dict[str, Any]:
    return {
        "country": record.country,
        "provider": record.provider,
        "addresses": sorted(a["address"] for a in record.addresses if a.get("address")),
    }
