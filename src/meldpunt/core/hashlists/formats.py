"""The three list file formats by name, and a guess from the file name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import PurePath

from meldpunt.core.hashlists.csv_file import read_csv, write_csv
from meldpunt.core.hashlists.entries import ListEntryDraft, ListKind, ListReading
from meldpunt.core.hashlists.threatexchange_file import (
    WRITTEN,
    check_signal_type,
    read_threatexchange,
    write_threatexchange,
)
from meldpunt.core.hashlists.vics import read_vics, write_vics


@dataclass(frozen=True)
class ListFormat:
    """How to read and write one format; write takes the list's kind and returns the bytes
    and how many entries the format cannot carry."""

    name: str
    suffix: str
    read: Callable[[bytes], ListReading]
    write: Callable[[Iterable[ListEntryDraft], ListKind], tuple[bytes, int]]


FORMATS = {
    "threatexchange": ListFormat(
        "threatexchange", ".txt", read_threatexchange, write_threatexchange
    ),
    "vics": ListFormat("vics", ".json", read_vics, write_vics),
    "csv": ListFormat("csv", ".csv", read_csv, write_csv),
}
BARE_SIGNAL_TYPES = tuple(WRITTEN.values())  # python-threatexchange's names


def format_for(filename: str) -> ListFormat:
    """VICS for .json, CSV for .csv, else the ThreatExchange line format."""
    suffix = PurePath(filename).suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), FORMATS["threatexchange"])


def bare_signals(signal_type: str) -> ListFormat:
    """The ThreatExchange format for a file of bare hashes of one signal type, one a line."""
    check_signal_type(signal_type)
    threatexchange = FORMATS["threatexchange"]
    return replace(threatexchange, read=partial(read_threatexchange, signal_type=signal_type))
