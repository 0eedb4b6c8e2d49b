"""Shared clock helpers: times written as the hotline's local clock shows them."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(text: str, zone: ZoneInfo = AMSTERDAM) -> datetime:
    """'2024-05-06 10:00' on the local clock; fold=1 picks the second of a repeated hour."""
    fold = 1 if text.endswith("(second)") else 0
    wall = datetime.fromisoformat(text.removesuffix("(second)").strip())
    return wall.replace(tzinfo=zone, fold=fold)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
