"""The three list file formats by name, and a guess from the file name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePath

from meldpunt.core.hashlists.csv_file import read_csv, write_csv
from meldpunt.core.hashlists.entries import ListEntryDraft, ListReading
from meldpunt.core.hashlists.threatexchange_file import read_threatexchange, write_threatexchange
from meldpunt.core.hashlists.vics import read_vics, write_vics


@dataclass(frozen=True)
class ListFormat:
    """How to read and write one format; write returns the bytes and entries left out."""

    name: str
    suffix: str
    read: Callable[[bytes], ListReading]
    write: Callable[[Iterable[ListEntryDraft]], tuple[bytes, int]]


def _write_csv(entries: Iterable[ListEntryDraft]) -> tuple[bytes, int]:
    return write_csv(entries), 0


FORMATS = {
    "threatexchange": ListFormat(
        "threatexchange", ".txt", read_threatexchange, write_threatexchange
    ),
    "vics": ListFormat("vics", ".json", read_vics, write_vics),
    "csv": ListFormat("csv", ".csv", read_csv, _write_csv),
}


def format_for(filename: str) -> ListFormat:
    """VICS for .json, CSV for .csv, else the ThreatExchange line format."""
    suffix = PurePath(filename).suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), FORMATS["threatexchange"])
