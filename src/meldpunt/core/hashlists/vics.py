"""Project VIC VICS 2.0 JSON: Media records with MD5, SHA1, AlternativeHashes and Category.

VICS categories are Project VIC's, not ours. This is how they are read (see CATEGORIES):
1 (child abuse material) takes a positive list's classification, 3 (computer-made or animated
abuse material) is nationally illegal, and 0 (not pertinent: known benign) fits a negative
list. Records in other categories (exploitive or age-difficult, comparison), and records with
no category at all, are counted as skipped, never imported: putting them on a list would
settle items automatically that an analyst must see. PhotoDNA is stored, never computed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from meldpunt.core.hashlists.entries import (
    Classification,
    HashType,
    LineProblem,
    ListEntryDraft,
    ListKind,
    ListReading,
    ListUnreadable,
    SourceOpinion,
    counted,
    normalised_hash,
)
from meldpunt.core.hashlists.json_file import describe, load_json

CONTEXT = "http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/Default/$metadata#Media"
MAX_MEDIA_ID = 2**63 - 1
UNCATEGORISED = "uncategorised (no Category)"


@dataclass(frozen=True)
class Category:
    """What one VICS category means here: the list it fits and the classification it takes."""

    label: str
    fits: ListKind | None  # None: never imported
    classification: Classification | None = None


CATEGORIES = {
    0: Category("VICS category 0 (not pertinent: known benign)", ListKind.NEGATIVE),
    1: Category("VICS category 1 (child abuse material)", ListKind.POSITIVE),
    2: Category("VICS category 2 (exploitive or age-difficult)", None),
    3: Category(
        "VICS category 3 (computer-made or animated)", ListKind.POSITIVE, Classification.NATIONAL
    ),
    4: Category("VICS category 4 (comparison)", None),
}
TOP_LEVEL = {"MD5": HashType.MD5, "SHA1": HashType.SHA1, "PhotoDNA": HashType.PHOTODNA}
HASH_NAMES = {kind.value: kind for kind in HashType}  # AlternativeHashes' HashName, any case
DIGITS = re.compile(r"\s*[0-9]{1,19}\s*")  # a number written as text (int() allows spaces)


def read_vics(data: bytes) -> ListReading:
    """Every Media record that can go on a list, or every problem ("record N" = Nth Media)."""
    entries: list[ListEntryDraft] = []
    problems: list[LineProblem] = []
    skipped: Counter[str] = Counter()
    for number, record in _media_records(load_json(data), problems):
        try:
            entry = _entry(number, record)
        except ValueError as error:
            problems.append(LineProblem(number, str(error), unit="record"))
            continue
        if isinstance(entry, str):
            skipped[entry] += 1
        else:
            entries.append(entry)
    return ListReading(entries, problems, counted(skipped), unit="record")


def _media_records(document: Any, problems: list[LineProblem]) -> Iterator[tuple[int, Any]]:
    """Media records numbered from 1; VICS 1.x files hold them inside Cases."""
    values = document.get("value") if isinstance(document, dict) else None
    if not isinstance(values, list):
        raise ListUnreadable('not a VICS file: expected a JSON object with a "value" list of Media')
    if not (values and isinstance(values[0], dict) and "Media" in values[0]):
        yield from enumerate(values, start=1)
        return
    number = 0
    for case_no, case in enumerate(values, start=1):
        media = case.get("Media") if isinstance(case, dict) else None
        if not isinstance(media, list):
            problems.append(LineProblem(case_no, "a Case needs a Media list", unit="case"))
            continue
        for record in media:
            number += 1
            yield number, record


def _entry(number: int, record: Any) -> ListEntryDraft | str:
    """The entry, or why the record is skipped; ValueError if it is broken."""
    if not isinstance(record, dict):
        raise ValueError(f"a Media record must be a JSON object, not {describe(record)}")
    category = _category(record.get("Category"))
    if category is None:
        return UNCATEGORISED
    meaning = CATEGORIES.get(category)
    if meaning is None:
        return f"category {category}, which VICS 2.0 does not define"
    if meaning.fits is None:
        return meaning.label
    media_id = _media_id(record.get("MediaID"))
    return ListEntryDraft(
        number,
        _hashes(record),
        meaning.classification,
        category,
        source_ref="" if media_id is None else str(media_id),
        opinion=SourceOpinion(meaning.fits, meaning.label),
        media_id=media_id,
    )


def _category(value: Any) -> int | None:
    """A category number; real exporters also write it as text, or leave it out (None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str) and DIGITS.fullmatch(value):
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"Category must be a whole number such as 1, not {describe(value)}")


def _media_id(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, str) and DIGITS.fullmatch(value):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_MEDIA_ID:
        return value
    raise ValueError(f"MediaID must be a whole number from 0 to 2^63-1, not {describe(value)}")


def _hashes(record: dict[str, Any]) -> dict[HashType, str]:
    """Top-level MD5 and SHA1 (and PhotoDNA, as older files put it), then AlternativeHashes."""
    found: dict[HashType, str] = {}
    pairs = [(name, kind, record.get(name)) for name, kind in TOP_LEVEL.items()]
    for name, kind, value in pairs + list(_alternative_hashes(record)):
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise ValueError(f"{name} must be text, not {describe(value)}")
        text = normalised_hash(kind, value)
        if found.setdefault(kind, text) != text:
            raise ValueError(f"the record holds two different {name} hashes; keep one")
    if not found:
        raise ValueError("the record has no MD5, SHA1 or PhotoDNA (nor another hash we use)")
    return found


def _alternative_hashes(record: dict[str, Any]) -> Iterator[tuple[str, HashType, Any]]:
    """(HashName, kind, HashValue) of each alternative hash we use; others are not ours."""
    listed = record.get("AlternativeHashes")
    if listed is None:
        return
    if not isinstance(listed, list):
        raise ValueError(f"AlternativeHashes must be a list, not {describe(listed)}")
    for alternative in listed:
        if not isinstance(alternative, dict) or not isinstance(alternative.get("HashName"), str):
            raise ValueError("each of AlternativeHashes needs a HashName and a HashValue")
        name = alternative["HashName"]
        kind = HASH_NAMES.get(name.strip().lower())
        if kind is not None:
            yield name.strip(), kind, alternative.get("HashValue")


def write_vics(entries: Iterable[ListEntryDraft], kind: ListKind) -> tuple[bytes, int]:
    """A VICS 2.0 Media document, and how many entries had no MD5, SHA1 or PhotoDNA.

    Each entry keeps the MediaID it came with; the others get numbers above all kept ones.
    """
    every = list(entries)
    carried = [e for e in every if set(TOP_LEVEL.values()) & e.hashes.keys()]
    left_out = len(every) - len(carried)
    media = [_record(entry, media_id, kind) for entry, media_id in _numbered(carried)]
    document = {"@odata.context": CONTEXT, "value": media}
    return json.dumps(document, indent=1).encode(), left_out


def _numbered(entries: list[ListEntryDraft]) -> Iterator[tuple[ListEntryDraft, int]]:
    """Each entry with its MediaID: its own, unless an earlier entry (from another file) took
    it; MediaID is the key of a Media record, so no two may share one."""
    following = max((e.media_id for e in entries if e.media_id is not None), default=0)
    used: set[int] = set()
    for entry in entries:
        if entry.media_id is not None and entry.media_id not in used:
            used.add(entry.media_id)
            yield entry, entry.media_id
        else:
            following += 1
            yield entry, following


def _record(entry: ListEntryDraft, media_id: int, kind: ListKind) -> dict[str, Any]:
    record: dict[str, Any] = {"MediaID": media_id, "Category": _category_of(entry, kind)}
    for name in ("MD5", "SHA1"):
        if TOP_LEVEL[name] in entry.hashes:
            record[name] = entry.hashes[TOP_LEVEL[name]].upper()
    if HashType.PHOTODNA in entry.hashes:
        record["AlternativeHashes"] = [
            {"HashName": "PhotoDNA", "HashValue": entry.hashes[HashType.PHOTODNA]}
        ]
    return record


def _category_of(entry: ListEntryDraft, kind: ListKind) -> int:
    """0 for anything on a negative list; on a positive list 3 for national, else 1."""
    if kind is ListKind.NEGATIVE:
        return 0
    if entry.source_category in (1, 3):
        return entry.source_category
    return 3 if entry.classification is Classification.NATIONAL else 1
