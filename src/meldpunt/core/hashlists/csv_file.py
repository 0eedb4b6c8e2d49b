"""Meldpunt's CSV list format: one row per entry, a column for each kind of hash it carries.

Header `pdq,md5,sha1,sha256,photodna,classification,reference` (columns in any order; any of
them may be left out but one hash column). Also read: the older one-hash-per-row layout
`hash_type,hash,classification` (header optional), and python-threatexchange's CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from itertools import chain

from meldpunt.core.hashlists.entries import (
    HashType,
    LineProblem,
    ListEntryDraft,
    ListKind,
    ListReading,
    classification_of,
    decode_text,
    normalised_hash,
)
from meldpunt.core.hashlists.threatexchange_file import is_threatexchange_csv, read_signal_csv

HASH_COLUMNS = [kind.value for kind in HashType]
HEADER = [*HASH_COLUMNS, "classification", "reference"]
ONE_HASH_HEADER = ["hash_type", "hash", "classification"]


def read_csv(data: bytes) -> ListReading:
    """Every entry, or every problem."""
    text = decode_text(data)
    if is_threatexchange_csv(text):
        return read_signal_csv(text)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows = ((reader.line_num, row) for row in reader if any(cell.strip() for cell in row))
    entries: list[ListEntryDraft] = []
    problems: list[LineProblem] = []
    try:
        first = next(rows, None)
        if first is None:
            return ListReading(entries, problems)
        try:
            columns = _header(first[1])
        except ValueError as error:  # every row after a bad header would be misread
            return ListReading(entries, [LineProblem(first[0], str(error))])
        for line_no, row in rows if columns is not None else chain([first], rows):
            try:
                entries.append(_entry(line_no, row, columns))
            except ValueError as error:
                problems.append(LineProblem(line_no, str(error)))
    except csv.Error as error:
        problems.append(LineProblem(reader.line_num, f"the CSV is malformed here: {error}"))
    return ListReading(entries, problems)


def _header(row: list[str]) -> list[str] | None:
    """The columns of an entry-per-row header; None for the one-hash-per-row layout, whose
    header row is skipped (an empty list of columns says so)."""
    cells = [cell.strip().lower() for cell in row]
    if cells == ONE_HASH_HEADER:
        return []
    if len(cells) < 2 or cells[0] not in HEADER or cells[1] not in HEADER:
        return None  # a one-hash row: "pdq,<hash>,A1"
    unknown = [cell for cell in cells if cell not in HEADER]
    if unknown:
        raise ValueError(f"unknown column {unknown[0]!r}; the columns are {','.join(HEADER)}")
    if len(set(cells)) < len(cells) or not set(cells) & set(HASH_COLUMNS):
        raise ValueError("name each column once, and at least one hash column")
    return cells


def _entry(line_no: int, row: list[str], columns: list[str] | None) -> ListEntryDraft:
    if columns:
        return _entry_row(line_no, row, columns)
    return _one_hash_row(line_no, row)


def _entry_row(line_no: int, row: list[str], columns: list[str]) -> ListEntryDraft:
    if len(row) != len(columns):
        raise ValueError(f"expected {len(columns)} columns as in the header, found {len(row)}")
    cells = dict(zip(columns, row, strict=True))
    hashes = {
        HashType(name): normalised_hash(HashType(name), cells[name])
        for name in HASH_COLUMNS
        if cells.get(name, "").strip()
    }
    if not hashes:
        raise ValueError("the row has no hash")
    label = classification_of(cells.get("classification", ""))
    return ListEntryDraft(line_no, hashes, label, source_ref=cells.get("reference", "").strip())


def _one_hash_row(line_no: int, row: list[str]) -> ListEntryDraft:
    if len(row) not in (2, 3):
        raise ValueError(f"expected hash_type,hash,classification but found {len(row)} columns")
    try:
        kind = HashType(row[0].strip().lower())
    except ValueError:
        raise ValueError(
            f"hash type {row[0].strip()!r} is not one of {', '.join(HashType)}"
        ) from None
    classification = classification_of(row[2]) if len(row) == 3 else None
    return ListEntryDraft(line_no, {kind: normalised_hash(kind, row[1])}, classification)


def write_csv(entries: Iterable[ListEntryDraft], kind: ListKind) -> tuple[bytes, int]:
    """One row per entry with all its hashes, so that entries come back whole; none left out."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for entry in entries:
        label = entry.classification.value if entry.classification else ""
        hashes = [entry.hashes.get(HashType(name), "") for name in HASH_COLUMNS]
        writer.writerow([*hashes, label, entry.source_ref])
    return out.getvalue().encode(), 0
