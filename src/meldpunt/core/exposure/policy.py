"""A hotline's exposure policy: daily and continuous viewing limits, breaks and a cut-off time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta

MINUTES_IN_A_DAY = 24 * 60


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong with a policy: a code a screen can say in its own language, the field
    it is about, and the values involved. `str()` gives it as one English sentence."""

    code: str
    field: str
    values: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return SENTENCES[self.code].format(field=self.field, **dict(self.values))


SENTENCES = {
    "not_positive": "{field} must be a whole number of minutes above zero, not {value!r}",
    "longer_than_a_day": "{field} ({value}) cannot exceed a day ({limit})",
    "session_over_day": (
        "{field} ({value}) cannot exceed daily_minutes ({limit}): continuous viewing is part "
        "of the day's viewing"
    ),
    "break_a_day": "{field} ({value}) must be shorter than a day ({limit})",
    "reveal_over_session": (
        "{field} ({value}) cannot exceed session_minutes ({limit}): one reveal would count "
        "past the break it needs"
    ),
    "not_a_time": "{field} must be a time of day, not {value!r}",
    "zoned": "{field} is a time in the hotline's own zone and carries no zone itself",
    "midnight": "{field} 00:00 would allow no viewing at all; leave it unset instead",
}


class PolicyInvalid(ValueError):
    """The policy cannot protect anyone as written; `problems` says why."""

    def __init__(self, problems: tuple[PolicyProblem, ...]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
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


def _minute_problems(policy: ExposurePolicy) -> list[PolicyProblem]:
    problems = []
    for name in ("daily_minutes", "session_minutes", "break_minutes", "reveal_minutes"):
        value = getattr(policy, name)
        # bool is an int to Python, but "daily_minutes=True" is a mistake, not one minute
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            problems.append(PolicyProblem("not_positive", name, (("value", value),)))
    return problems


def _relation_problems(policy: ExposurePolicy) -> list[PolicyProblem]:
    day, daily, session = MINUTES_IN_A_DAY, policy.daily_minutes, policy.session_minutes
    checks = (  # code, field, its limit, whether the field breaks it
        ("longer_than_a_day", "daily_minutes", day, daily > day),
        ("session_over_day", "session_minutes", daily, session > daily),
        ("break_a_day", "break_minutes", day, policy.break_minutes >= day),
        ("reveal_over_session", "reveal_minutes", session, policy.reveal_minutes > session),
    )
    return [
        PolicyProblem(code, name, (("value", getattr(policy, name)), ("limit", limit)))
        for code, name, limit, broken in checks
        if broken
    ]


def _cut_off_problems(cut_off: time | None) -> list[PolicyProblem]:
    name = "no_viewing_after"
    if cut_off is None:
        return []
    if not isinstance(cut_off, time):
        return [PolicyProblem("not_a_time", name, (("value", cut_off),))]
    if cut_off.tzinfo is not None:
        return [PolicyProblem("zoned", name)]
    if cut_off == time(0, 0):
        return [PolicyProblem("midnight", name)]
    return []
