"""A hotline's exposure policy: daily and continuous viewing limits, breaks and a cut-off time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

MINUTES_IN_A_DAY = 24 * 60


class PolicyInvalid(ValueError):
    """The policy cannot protect anyone as written; `problems` says why, one sentence each."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ExposurePolicy:
    """The limits a hotline sets; the defaults follow the Belgian practice (2 h a day).

    `reveal_minutes` is how long one reveal counts without activity from the viewer. Its
    default of 2 minutes is twice the lifetime of a reveal's signed address (about 60 s), which
    the viewer renews while the item is shown: one missed renewal does not stop the count, and
    an analyst who walks away is counted for at most 2 minutes more than they looked.
    """

    daily_minutes: int = 120
    session_minutes: int = 60  # continuous viewing, then a compulsory break
    break_minutes: int = 15
    no_viewing_after: time | None = None  # a time of day in the hotline's zone
    reveal_minutes: int = 2

    def __post_init__(self) -> None:
        problems = _minute_problems(self) or _relation_problems(self)
        problems += _cut_off_problems(self.no_viewing_after)
        if problems:
            raise PolicyInvalid(tuple(problems))

    @property
    def daily_limit(self) -> timedelta:
        """Viewing allowed per analyst per local day."""
        return timedelta(minutes=self.daily_minutes)

    @property
    def session_limit(self) -> timedelta:
        """Continuous viewing allowed before a break."""
        return timedelta(minutes=self.session_minutes)

    @property
    def break_length(self) -> timedelta:
        """The shortest gap without viewing that counts as a break."""
        return timedelta(minutes=self.break_minutes)

    @property
    def reveal_limit(self) -> timedelta:
        """How long after its last activity a reveal stops counting."""
        return timedelta(minutes=self.reveal_minutes)


def _minute_problems(policy: ExposurePolicy) -> list[str]:
    problems = []
    for name in ("daily_minutes", "session_minutes", "break_minutes", "reveal_minutes"):
        value = getattr(policy, name)
        # bool is an int to Python, but "daily_minutes=True" is a mistake, not one minute
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            problems.append(f"{name} must be a whole number of minutes above zero, not {value!r}")
    return problems


def _relation_problems(policy: ExposurePolicy) -> list[str]:
    problems = []
    if policy.daily_minutes > MINUTES_IN_A_DAY:
        problems.append(
            f"daily_minutes ({policy.daily_minutes}) cannot exceed a day ({MINUTES_IN_A_DAY})"
        )
    if policy.session_minutes > policy.daily_minutes:
        problems.append(
            f"session_minutes ({policy.session_minutes}) cannot exceed daily_minutes "
            f"({policy.daily_minutes}): continuous viewing is part of the day's viewing"
        )
    if policy.break_minutes >= MINUTES_IN_A_DAY:
        problems.append(
            f"break_minutes ({policy.break_minutes}) must be shorter than a day "
            f"({MINUTES_IN_A_DAY})"
        )
    if policy.reveal_minutes > policy.session_minutes:
        problems.append(
            f"reveal_minutes ({policy.reveal_minutes}) cannot exceed session_minutes "
            f"({policy.session_minutes}): one reveal would count past the break it needs"
        )
    return problems


def _cut_off_problems(cut_off: time | None) -> list[str]:
    if cut_off is None:
        return []
    if not isinstance(cut_off, time):
        return [f"no_viewing_after must be a time of day, not {cut_off!r}"]
    if cut_off.tzinfo is not None:
        return ["no_viewing_after is a time in the hotline's own zone and carries no zone itself"]
    if cut_off == time(0, 0):
        return ["no_viewing_after 00:00 would allow no viewing at all; leave it unset instead"]
    return []
