"""Re-checks: capturing a case's address again, to see whether it changed, moved or went."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from meldpunt.audit.services import Actor, record_events
from meldpunt.capture.models import Capture, Purpose
from meldpunt.capture.services import queue_captures
from meldpunt.capture.states import ACTIVE
from meldpunt.cases.models import Case
from meldpunt.core.cases.timeline import CaseState
from meldpunt.intake.models import Item


class RecheckRefused(ValueError):
    """Some of the items cannot be re-checked; the message names each and why."""


def recheck(item_ids: Sequence[int], actor: Actor) -> dict[int, int]:
    """Queue a re-check capture of each item (its job goes out at commit), audited. Items
    with a capture still in progress are left to it. Refused, with nothing queued, if an
    item does not exist or was never captured. Returns the new captures by item."""
    wanted = list(dict.fromkeys(item_ids))
    with transaction.atomic():
        states = dict(Case.objects.filter(item__in=wanted).values_list("item", "state"))
        problems = [_problem(item, states.get(item)) for item in wanted]
        if any(problems):
            raise RecheckRefused("; ".join(p for p in problems if p))
        busy = set(
            Capture.objects.filter(item__in=wanted, state__in=ACTIVE).values_list("item", flat=True)
        )
        chosen = [item for item in wanted if item not in busy]
        queued = dict(zip(chosen, queue_captures(chosen, Purpose.RECHECK), strict=True))
        record_events(
            actor,
            [("capture.recheck_queued", Item(pk=i), {"capture": c}) for i, c in queued.items()],
        )
    return queued


def _problem(item: int, state: str | None) -> str:
    if state is None:
        return f"there is no item {item}"
    if state == CaseState.RECEIVED.value:
        return f"item {item} has not been captured yet"
    return ""
