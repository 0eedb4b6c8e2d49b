"""What changed between two hosting traces of a case: country, provider or addresses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class HostingChange(StrEnum):
    """A fact of the hosting that differs between two traces."""

    COUNTRY = "country"
    PROVIDER = "provider"
    ADDRESSES = "addresses"


@dataclass(frozen=True)
class HostingSummary:
    """The facts of one trace that routing depends on."""

    country: str
    provider: str
    addresses: frozenset[str]


def hosting_changes(before: HostingSummary, after: HostingSummary) -> tuple[HostingChange, ...]:
    """What moved from one trace to the next, in a fixed order; empty if nothing did.

    A trace that found nothing (no country, no provider, no address) is no evidence of a move:
    the host may simply not have answered, so an empty side counts as unknown, not as changed.
    """
    changed = []
    if before.country and after.country and before.country != after.country:
        changed.append(HostingChange.COUNTRY)
    if before.provider and after.provider and before.provider != after.provider:
        changed.append(HostingChange.PROVIDER)
    if before.addresses and after.addresses and before.addresses != after.addresses:
        changed.append(HostingChange.ADDRESSES)
    return tuple(changed)
