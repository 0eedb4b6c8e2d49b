"""Writing a case's events: each one advances its state, and the audit trail records the
same transition, in the caller's transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from meldpunt.audit.services import Actor, record_events
from meldpunt.bulk_insert import insert_rows
from meldpunt.cases.models import Case, CaseEvent
from meldpunt.core.cases.timeline import CaseState, EventKind, advance
from meldpunt.intake.models import Item

CHUNK = 5000  # ids per IN list


@dataclass(frozen=True)
class Happened:
    """An event to write on a case."""

    case_id: int
    kind: EventKind
    details: dict[str, Any] = field(default_factory=dict)
    capture_id: int | None = None


def locked_cases(item_ids: Sequence[int]) -> dict[int, Case]:
    """The items' cases by item id, locked in id order until the transaction ends (two
    writers then wait for each other instead of deadlocking)."""
    found: dict[int, Case] = {}
    ordered = sorted(set(item_ids))
    for start in range(0, len(ordered), CHUNK):
        part = Case.objects.select_for_update().filter(item__in=ordered[start : start + CHUNK])
        found.update((case.item_id, case) for case in part.order_by("pk"))
    return found


def record(
    happened: Sequence[Happened],
    actor: Actor,
    cases: Mapping[int, Case],
    at: datetime | None = None,
) -> None:
    """Write the events in order, advance each case's state (raising TransitionRefused, and
    so writing nothing, if one cannot happen) and audit each as `case.<kind>`. `cases` are
    the locked cases by their ids."""
    with transaction.atomic():
        audit(actor, written(happened, actor, cases, at))


Audited = list[tuple[str, Item, dict[str, Any]]]


def written(
    happened: Sequence[Happened],
    actor: Actor,
    cases: Mapping[int, Case],
    at: datetime | None = None,
    store_states: bool = True,
) -> Audited:
    """The first half of `record`, for a caller that takes other shared locks before the
    audit trail's head: the events and states, in its transaction. Returns what `audit` must
    then record in the same transaction. Without `store_states`, the cases' new states are
    only set on `cases`, for a caller that writes the cases' rows itself."""
    if not happened:
        return []
    at = at or timezone.now()
    states = {pk: CaseState(case.state) for pk, case in cases.items()}
    for event in happened:
        states[event.case_id] = advance(states[event.case_id], event.kind)
    insert_rows(CaseEvent, [_row(event, actor, at) for event in happened])
    moved = _advance(cases, states, at)
    if store_states:
        for state, pks in moved.items():
            Case.objects.filter(pk__in=pks).update(state=state.value, state_changed_at=at)
    return [_audited(event, cases[event.case_id]) for event in happened]


def audit(actor: Actor, audited: Audited) -> None:
    """The second half of `record`: the audit trail's events for what was written."""
    record_events(actor, audited)


def _row(event: Happened, actor: Actor, at: datetime) -> dict[str, Any]:
    return {
        "case": event.case_id,
        "kind": event.kind.value,
        "at": at,
        "actor": actor.label,
        "capture": event.capture_id,
        "details": event.details,
    }


def _advance(
    cases: Mapping[int, Case], states: Mapping[int, CaseState], at: datetime
) -> dict[CaseState, list[int]]:
    """Set the cases' new states on them; the ones that changed, by their new state."""
    moved: dict[CaseState, list[int]] = defaultdict(list)
    for pk, state in states.items():
        if state.value != cases[pk].state:
            moved[state].append(pk)
            cases[pk].state, cases[pk].state_changed_at = state.value, at
    return moved


def _audited(event: Happened, case: Case) -> tuple[str, Item, dict[str, Any]]:
    capture = {"capture": event.capture_id} if event.capture_id else {}
    return (
        f"case.{event.kind.value}",
        Item(pk=case.item_id),
        {"case": case.pk, **capture, **event.details},
    )


def open_cases(
    new: Sequence[int], again: Sequence[int], channel: str, actor: Actor, at: datetime
) -> dict[int, int]:
    """A case for each new item (`received`) and a `re_reported` event on each item reported
    again, in bulk. The intake's own audit event (`report.received`, naming the new and the
    joined items) records these transitions, so they are not audited twice. Returns the new
    cases' ids by item id."""
    opened = insert_rows(
        Case,
        [{"item": pk, "state": "received", "opened_at": at, "state_changed_at": at} for pk in new],
        key="item",
    )
    rows = [_opening(opened[pk], EventKind.RECEIVED, channel, actor, at) for pk in new]
    rows += [_opening(case, EventKind.RE_REPORTED, channel, actor, at) for case in _case_ids(again)]
    insert_rows(CaseEvent, rows)
    _count_reports_again(again)
    return opened


def _count_reports_again(item_ids: Sequence[int]) -> None:
    """The queue's copy of each item's report count (the intake has just raised it)."""
    count = Item.objects.filter(pk=OuterRef("item_id")).values("report_count")[:1]
    for start in range(0, len(item_ids), CHUNK):
        part = Case.objects.filter(item__in=item_ids[start : start + CHUNK])
        part.update(queue_reports=Subquery(count))


def _opening(case_id: int, kind: EventKind, channel: str, actor: Actor, at: datetime) -> dict:
    return _row(Happened(case_id, kind, {"channel": channel}), actor, at)


def _case_ids(item_ids: Sequence[int]) -> list[int]:
    found: list[int] = []
    for start in range(0, len(item_ids), CHUNK):
        part = Case.objects.filter(item__in=item_ids[start : start + CHUNK])
        found.extend(part.order_by("pk").values_list("pk", flat=True))
    return found
