"""The analysts' exposure: the hotline's policy, each analyst's viewings, and whether the
server lets them reveal more now (core.exposure decides; this reads and writes the records)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from meldpunt.accounts.models import User
from meldpunt.assess.models import ExposureLimits, Reveal
from meldpunt.audit.services import Actor, record_event
from meldpunt.core.exposure.limits import (
    Allowed,
    Refused,
    Standing,
    daily_totals,
    decide,
    standing,
)
from meldpunt.core.exposure.policy import ExposurePolicy
from meldpunt.core.exposure.viewings import Viewing

LOOK_BACK = timedelta(days=2)  # enough for today and a session that began yesterday


def hotline_zone() -> ZoneInfo:
    """The zone the hotline's days and cut-off time are in."""
    return ZoneInfo(settings.TIME_ZONE)


def current_policy() -> ExposurePolicy:
    """The policy in force (its defaults until a manager sets one)."""
    row, _ = ExposureLimits.objects.get_or_create(pk=1)
    return policy_of(row)


def policy_of(row: ExposureLimits) -> ExposurePolicy:
    """A stored policy as core's (which checks it: PolicyInvalid says what is wrong)."""
    return ExposurePolicy(
        daily_minutes=row.daily_minutes,
        session_minutes=row.session_minutes,
        break_minutes=row.break_minutes,
        no_viewing_after=row.no_viewing_after,
        reveal_minutes=row.reveal_minutes,
    )


def set_policy(changes: dict[str, object], actor: Actor) -> ExposurePolicy:
    """Change some of the policy's values; checked whole before it is stored, and audited."""
    with transaction.atomic():
        row, _ = ExposureLimits.objects.select_for_update().get_or_create(pk=1)
        before = asdict(policy_of(row))
        for name, value in changes.items():
            setattr(row, name, value)
        policy = policy_of(row)  # raises PolicyInvalid, and nothing is stored
        row.save()
        after = asdict(policy)
        record_event(
            actor,
            "exposure.policy_changed",
            None,
            {k: [_shown(before[k]), _shown(after[k])] for k in after if before[k] != after[k]},
        )
    return policy


def _shown(value: object) -> object:
    return value.isoformat(timespec="minutes") if hasattr(value, "isoformat") else value


def viewings_of(analyst: User, now: datetime) -> list[Viewing]:
    """The analyst's recent viewings, as core counts them."""
    recent = Reveal.objects.filter(analyst=analyst, started_at__gte=now - LOOK_BACK)
    return [
        Viewing(r.started_at, r.last_activity_at, r.ended_at) for r in recent.order_by("started_at")
    ]


def may_reveal(analyst: User, now: datetime) -> Allowed | Refused:
    """Whether the server lets the analyst reveal content now, and if not, until when."""
    return decide(current_policy(), viewings_of(analyst, now), now, hotline_zone())


def exposure_now(analyst: User, now: datetime) -> Standing:
    """Today's viewing, the session's, and what is left of each."""
    return standing(current_policy(), viewings_of(analyst, now), now, hotline_zone())


@dataclass(frozen=True)
class AnalystExposure:
    """One analyst's viewing, per local day, over the period asked for (never content)."""

    analyst: str
    days: dict[date, timedelta]
    reveals: int

    @property
    def total(self) -> timedelta:
        return sum(self.days.values(), timedelta(0))


def exposure_figures(days: int, now: datetime) -> list[AnalystExposure]:
    """Every analyst who revealed anything in the last `days` local days, busiest first."""
    policy, zone = current_policy(), hotline_zone()
    since = now - timedelta(days=days + 1)
    by_analyst: dict[str, list[Viewing]] = defaultdict(list)
    for reveal in Reveal.objects.filter(started_at__gte=since).select_related("analyst"):
        by_analyst[reveal.analyst.username].append(
            Viewing(reveal.started_at, reveal.last_activity_at, reveal.ended_at)
        )
    first = now.astimezone(zone).date() - timedelta(days=days - 1)
    found = [
        AnalystExposure(
            name,
            {d: t for d, t in daily_totals(policy, viewings, now, zone).items() if d >= first},
            len(viewings),
        )
        for name, viewings in by_analyst.items()
    ]
    return sorted(found, key=lambda a: (-a.total, a.analyst))
