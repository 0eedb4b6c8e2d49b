"""Project VIC VICS 2.0 JSON: Media records with MD5, SHA1, PhotoDNA and Category.

VICS categories are Project VIC's, not ours. This is how they are read (see IMPORTED):
1 (child abuse material) takes the list's classification, 3 (computer-made or animated abuse
material) is nationally illegal. Records in other categories (uncategorised, exploitive or
age-difficult, comparison) are counted as skipped, never imported: putting them on a list
would settle items automatically that an analyst must see. PhotoDNA is stored, never computed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from meldpunt.core.hashlists.entries import (
    Classification,
    HashType,
    LineProblem,
    ListEntryDraft,
    ListReading,
    ListUnreadable,
    decode_text,
    normalised_hash,
)

CONTEXT = "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media"
IMPORTED: dict[int, Classification | None] = {1: None, 3: Classification.NATIONAL}
FIELDS = {"MD5": HashType.MD5, "SHA1": HashType.SHA1, "PhotoDNA": HashType.PHOTODNA}


def read_vics(data: bytes) -> ListReading:
    """Every Media record in categories we import, or every problem ("record N" = Nth Media)."""
    entries, problems, skipped = [], [], 0
    for number, record in enumerate(_media_records(data), start=1):
        try:
            entry = _entry(number, record)
        except ValueError as error:
            problems.append(LineProblem(number, str(error), unit="record"))
            continue
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    reason = "their VICS category is not 1 (abuse material) or 3 (computer-made)" if skipped else ""
    return ListReading(entries, problems, skipped, reason)


def _media_records(data: bytes) -> list[Any]:
    try:
        document = json.loads(decode_text(data))
    except json.JSONDecodeError as error:
        raise ListUnreadable(
            f"not valid JSON at line {error.lineno}, column {error.colno}"
        ) from None
    values = document.get("value") if isinstance(document, dict) else None
    if not isinstance(values, list):
        raise ListUnreadable('not a VICS file: expected a JSON object with a "value" list of Media')
    if (
        values and isinstance(values[0], dict) and "Media" in values[0]
    ):  # VICS 1.x: Cases with Media
        return [m for case in values for m in (case.get("Media") or [])]
    return values


def _entry(number: int, record: Any) -> ListEntryDraft | None:
    if not isinstance(record, dict):
        raise ValueError("a Media record must be a JSON object")
    category = record.get("Category")
    if not isinstance(category, int) or isinstance(category, bool):
        raise ValueError("Category is missing or not a number")
    if category not in IMPORTED:
        return None
    hashes = {
        kind: normalised_hash(kind, str(record[name]))
        for name, kind in FIELDS.items()
        if record.get(name) not in (None, "")
    }
    if not hashes:
        raise ValueError("the record has no MD5, SHA1 or PhotoDNA")
    media_id = record.get("MediaID")
    return ListEntryDraft(
        number, hashes, IMPORTED[category], category, "" if media_id is None else str(media_id)
    )


def write_vics(entries: Iterable[ListEntryDraft]) -> tuple[bytes, int]:
    """A VICS 2.0 Media document, and how many entries had no MD5, SHA1 or PhotoDNA."""
    media: list[dict[str, Any]] = []
    left_out = 0
    for entry in entries:
        record: dict[str, Any] = {"MediaID": len(media) + 1, "Category": _category_of(entry)}
        for name, kind in FIELDS.items():
            if kind in entry.hashes:
                value = entry.hashes[kind]
                record[name] = value if kind is HashType.PHOTODNA else value.upper()
        if len(record) == 2:
            left_out += 1
            continue
        media.append(record)
    document = {"@odata.context": CONTEXT, "value": media}
    return json.dumps(document, indent=1).encode(), left_out


def _category_of(entry: ListEntryDraft) -> int:
    if entry.source_category in IMPORTED:
        return entry.source_category
    return 3 if entry.classification is Classification.NATIONAL else 1
