"""The case side of intake: new items open cases and are captured; items reported again
join theirs, and a failed capture gets a fresh attempt."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from meldpunt.audit.services import Actor
from meldpunt.capture.retries import retry_reported_again
from meldpunt.capture.services import queue_captures
from meldpunt.cases.timeline import open_cases


def cases_reported(
    new: Sequence[int], again: Sequence[int], channel: str, actor: Actor, at: datetime
) -> dict[int, int]:
    """Open the new items' cases and queue their captures; record the repeats (in the
    intake's transaction; the jobs go out when it commits). The new cases' ids by item."""
    opened = open_cases(new, again, channel, actor, at)
    queue_captures(new)
    retry_reported_again(again, actor)
    return opened
