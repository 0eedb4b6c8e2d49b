"""Finding hash lists by name, and what each holds, for the command line and the pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from meldpunt.lists.models import HashList


class UnknownLists(LookupError):
    """Lists were asked for by names that no list has."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(", ".join(missing))
        self.missing = missing
        self.existing = list(HashList.objects.values_list("name", flat=True))


@dataclass(frozen=True)
class ListSummary:
    """One list's settings and how many entries it holds."""

    name: str
    kind: str
    classification: str
    threshold: int
    trust: str
    source: str
    entries: int


def list_named(name: str) -> HashList:
    """The list of that name, or UnknownLists."""
    found = HashList.objects.filter(name=name).first()
    if found is None:
        raise UnknownLists([name])
    return found


def list_ids_named(names: Iterable[str]) -> set[int]:
    """The ids of the lists of these names; UnknownLists names those there are none of."""
    wanted = set(names)
    found = dict(HashList.objects.filter(name__in=wanted).values_list("name", "pk"))
    missing = sorted(wanted - set(found))
    if missing:
        raise UnknownLists(missing)
    return set(found.values())


def list_summaries(name: str | None = None) -> list[ListSummary]:
    """Every list by name (or only the one named: UnknownLists if there is none)."""
    chosen = HashList.objects.annotate(size=Count("entries")).order_by("name")
    if name is not None:
        chosen = chosen.filter(pk=list_named(name).pk)
    return [
        ListSummary(h.name, h.kind, h.classification, h.threshold, h.trust, h.source, h.size)
        for h in chosen
    ]
