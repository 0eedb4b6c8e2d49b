"""The plain CSV list format: `hash_type,hash,classification`, one hash per row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from meldpunt.core.hashlists.entries import (
    HashType,
    LineProblem,
    ListEntryDraft,
    ListReading,
    classification_of,
    decode_text,
    normalised_hash,
)

HEADER = ["hash_type", "hash", "classification"]


def read_csv(data: bytes) -> ListReading:
    """Every entry, or every problem; a header row is optional."""
    entries, problems = [], []
    rows = csv.reader(io.StringIO(decode_text(data), newline=""))
    try:
        for row in rows:
            line_no = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if [cell.strip().lower() for cell in row] == HEADER:
                continue
            try:
                entries.append(_entry(line_no, row))
            except ValueError as error:
                problems.append(LineProblem(line_no, str(error)))
    except csv.Error as error:
        problems.append(LineProblem(rows.line_num, f"the CSV is malformed here: {error}"))
    return ListReading(entries, problems)


def _entry(line_no: int, row: list[str]) -> ListEntryDraft:
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


def write_csv(entries: Iterable[ListEntryDraft]) -> bytes:
    """One row per hash an entry carries, with the entry's own classification."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for entry in entries:
        for kind in HashType:
            if kind in entry.hashes:
                label = entry.classification.value if entry.classification else ""
                writer.writerow([kind.value, entry.hashes[kind], label])
    return out.getvalue().encode()
