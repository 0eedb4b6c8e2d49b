"""ThreatExchange signal files, as python-threatexchange (and so HMA) reads and writes them.

Three shapes are read:
- `<signal type> <signal> [note]` lines: its file exchange (`local_file`), `threatexchange
  dataset -P` and `threatexchange hash` print these;
- bare signals of one type, one a line (its `match --hashes` input): the caller names the type;
- its CSV, `threatexchange dataset -P --csv`: signal_type,signal_str,collab,category,tags.
Signal types Meldpunt does not use (url, raw_text, vpdq ...) are skipped and counted.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable

from meldpunt.core.hashlists.entries import (
    HashType,
    LineProblem,
    ListEntryDraft,
    ListKind,
    ListReading,
    Skipped,
    SourceOpinion,
    decode_text,
    normalised_hash,
)

# python-threatexchange's signal-type names first; then md5 (older Meldpunt exports) and
# photo_md5 (older ThreatExchange files).
SIGNAL_TYPES = {
    "pdq": HashType.PDQ,
    "video_md5": HashType.MD5,
    "video_sha256": HashType.SHA256,
    "md5": HashType.MD5,
    "photo_md5": HashType.MD5,
}
WRITTEN = {HashType.PDQ: "pdq", HashType.MD5: "video_md5", HashType.SHA256: "video_sha256"}
CSV_HEADER = ["signal_type", "signal_str", "collab", "category", "tags"]
# A ThreatExchange opinion: which kind of list a signal fits. An investigation seed points at
# the collaboration's subject ("can lead to POSITIVE_CLASS content"), never at benign content.
OPINIONS = {
    "POSITIVE_CLASS": ListKind.POSITIVE,
    "INVESTIGATION_SEED": ListKind.POSITIVE,
    "NEGATIVE_CLASS": ListKind.NEGATIVE,
}
TYPE_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")  # how python-threatexchange names signal types
BARE_HASH = re.compile(r"[0-9a-fA-F]{16,}")
FIRST_LINE = re.compile(r"\s*([^\n]*)")  # the first line with text, without copying the file


def read_threatexchange(data: bytes, signal_type: str | None = None) -> ListReading:
    """Every entry, or every problem; blank lines and # comments are skipped.

    `signal_type` reads a file of bare signals of that type, one a line.
    """
    if signal_type is not None:
        check_signal_type(signal_type)
    text = decode_text(data)
    if is_threatexchange_csv(text):
        return read_signal_csv(text)
    entries, problems, unused = [], [], Counter[str]()
    for line_no, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            entry = _line_entry(line_no, stripped, signal_type)
        except ValueError as error:
            problems.append(LineProblem(line_no, str(error)))
            continue
        if isinstance(entry, str):
            unused[entry] += 1
        else:
            entries.append(entry)
    return ListReading(entries, problems, _unused(unused))


def check_signal_type(name: str) -> None:
    """ValueError unless `name` is a signal type Meldpunt reads."""
    if name not in SIGNAL_TYPES:
        raise ValueError(f"signal type {name!r} is not one of {', '.join(SIGNAL_TYPES)}")


def is_threatexchange_csv(text: str) -> bool:
    """Whether the text opens with the header of `threatexchange dataset -P --csv`."""
    opening = FIRST_LINE.match(text)
    first = opening.group(1) if opening else ""
    return [cell.strip().lower() for cell in first.split(",")] == CSV_HEADER


def _line_entry(line_no: int, text: str, signal_type: str | None) -> ListEntryDraft | str:
    """The entry, or the name of a signal type we do not use; ValueError if the line is bad."""
    if signal_type is not None:
        bare = text.split(maxsplit=1)
        return _signal(line_no, signal_type, bare[0], bare[1] if len(bare) > 1 else "")
    parts = text.split(maxsplit=2)
    name = parts[0].lower()
    if name not in SIGNAL_TYPES:
        if BARE_HASH.fullmatch(parts[0]):
            raise ValueError(
                "no signal type before the hash: write e.g. 'pdq <hash>', "
                "or import the file as bare hashes of one signal type"
            )
        if TYPE_NAME.fullmatch(name):
            return name
        raise ValueError("expected a signal type and a hash, e.g. 'pdq <64 hex characters>'")
    if len(parts) < 2:
        raise ValueError("expected a signal type and a hash, e.g. 'pdq <64 hex characters>'")
    return _signal(line_no, name, parts[1], parts[2] if len(parts) > 2 else "")


def _signal(line_no: int, name: str, signal: str, note: str, opinion: str = "") -> ListEntryDraft:
    kind = SIGNAL_TYPES[name]
    said = opinion or next((word for word in note.split() if word in OPINIONS), "")
    return ListEntryDraft(
        line_no,
        {kind: normalised_hash(kind, signal)},
        source_ref=note,
        opinion=SourceOpinion(OPINIONS[said], f"ThreatExchange opinion {said}") if said else None,
    )


def read_signal_csv(text: str) -> ListReading:
    """The rows of python-threatexchange's CSV (see is_threatexchange_csv)."""
    entries, problems, unused = [], [], Counter[str]()
    rows = csv.reader(io.StringIO(text.lstrip(), newline=""))
    next(rows)
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            try:
                entry = _csv_entry(rows.line_num, row)
            except ValueError as error:
                problems.append(LineProblem(rows.line_num, str(error)))
                continue
            if isinstance(entry, str):
                unused[entry] += 1
            else:
                entries.append(entry)
    except csv.Error as error:
        problems.append(LineProblem(rows.line_num, f"the CSV is malformed here: {error}"))
    return ListReading(entries, problems, _unused(unused))


def _csv_entry(line_no: int, row: list[str]) -> ListEntryDraft | str:
    if len(row) != len(CSV_HEADER):
        raise ValueError(f"expected {','.join(CSV_HEADER)} but found {len(row)} columns")
    name, signal, collab, category, _ = (cell.strip() for cell in row)
    if name.lower() not in SIGNAL_TYPES:
        if TYPE_NAME.fullmatch(name.lower()):
            return name.lower()
        raise ValueError("the signal_type column is empty or not a signal type name")
    if category and category not in OPINIONS:
        raise ValueError(f"the category column must be empty or one of {', '.join(OPINIONS)}")
    return _signal(line_no, name.lower(), signal, collab, category)


def _unused(types: Counter[str]) -> tuple[Skipped, ...]:
    if not types:
        return ()
    named = ", ".join(f"{name} {count}" for name, count in sorted(types.items()))
    return (Skipped(types.total(), f"signal types Meldpunt does not use ({named})"),)


def write_threatexchange(entries: Iterable[ListEntryDraft], kind: ListKind) -> tuple[bytes, int]:
    """`<signal type> <hash>` lines, and how many entries had no PDQ, MD5 or SHA-256.

    No notes: python-threatexchange's file exchange reads the rest of the line as the signal,
    and would drop the line. Each hash is its own signal there, so each gets its own line.
    """
    lines, left_out = [], 0
    for entry in entries:
        written = [
            f"{name} {entry.hashes[h]}\n" for h, name in WRITTEN.items() if h in entry.hashes
        ]
        lines += written
        left_out += not written
    return "".join(lines).encode(), left_out
