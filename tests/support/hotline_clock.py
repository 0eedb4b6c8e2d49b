"""The hotline's clock in tests: times written as its local clock shows them, in Amsterdam."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(text: str, zone: ZoneInfo = AMSTERDAM) -> datetime:
    """'2024-05-06 10:00' on the local clock; '... (second)' is a repeated hour's second pass."""
    fold = 1 if text.endswith("(second)") else 0
    wall = datetime.fromisoformat(text.removesuffix("(second)").strip())
    return wall.replace(tzinfo=zone, fold=fold)


def minutes(n: float) -> timedelta:
    """A length of time in minutes, as the policy states its limits."""
    return timedelta(minutes=n)
