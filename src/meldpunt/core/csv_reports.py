"""Reading report CSV files (url;referer;reference;source;type), every line checked first."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from meldpunt.core.reports import Medium
from meldpunt.core.urls import NormalisedUrl, UrlRejected, normalise_url

COLUMNS = ("url", "referer", "reference", "source", "type")
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 250_000
MAX_FIELD = {"referer": 2048, "reference": 200, "source": 200, "type": 40}

_MEDIUM_WORDS = {
    Medium.IMAGE: ("image", "images", "img", "photo", "picture", "foto", "afbeelding"),
    Medium.VIDEO: ("video", "videos", "movie", "film"),
    Medium.DRAWING: ("drawing", "drawn", "cartoon", "manga", "anime", "tekening"),
    Medium.COMPUTER_MADE: ("computer_made", "computer-made", "cgi", "generated", "ai"),
    Medium.TEXT: ("text", "story", "tekst", "texte"),
    Medium.AUDIO: ("audio", "sound"),
    Medium.LIVE_STREAM: ("live_stream", "live-stream", "livestream", "stream", "webcam"),
    Medium.OTHER: ("other", "unknown", "overig", "autre", ""),
}
MEDIUM_BY_WORD = {word: medium for medium, words in _MEDIUM_WORDS.items() for word in words}


class CsvUnreadable(ValueError):
    """The file as a whole cannot be read: too large, not UTF-8, or empty."""


@dataclass(frozen=True)
class CsvRow:
    """One good line of the file."""

    line_no: int
    url: NormalisedUrl
    referer: str
    reference: str
    source: str
    medium: Medium


@dataclass(frozen=True)
class CsvProblem:
    """One bad line, with a message a person can act on."""

    line_no: int
    message: str


@dataclass
class CsvReading:
    """Every good row and every problem; an import applies only when problems is empty."""

    rows: list[CsvRow] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)


def read_report_csv(data: bytes) -> CsvReading:
    """Decode strictly, parse with ';', and check every line before anything is applied."""
    text = _decode(data)
    reading = CsvReading()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    try:
        for record in reader:
            _read_record(reader.line_num, record, reading)
    except csv.Error as error:
        reading.problems.append(CsvProblem(reader.line_num, f"not valid CSV: {error}"))
    if not reading.rows and not reading.problems:
        raise CsvUnreadable("the file holds no report lines")
    return reading


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CsvUnreadable(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_no = data.count(b"\n", 0, error.start) + 1
        raise CsvUnreadable(
            f"line {line_no} is not valid UTF-8 (byte {error.start}); save the file as UTF-8"
        ) from error
    if "\x00" in text:
        line_no = text.count("\n", 0, text.index("\x00")) + 1
        raise CsvUnreadable(f"line {line_no} holds a NUL byte; this is not a text CSV file")
    return text


def _read_record(line_no: int, record: list[str], reading: CsvReading) -> None:
    if not any(cell.strip() for cell in record):
        return
    if line_no == 1 and record and record[0].strip().lower() == "url":
        return
    if len(reading.rows) + len(reading.problems) >= MAX_ROWS:
        raise csv.Error(f"more than {MAX_ROWS} lines; split the file")
    row = _row(line_no, record)
    if isinstance(row, CsvProblem):
        reading.problems.append(row)
    else:
        reading.rows.append(row)


def _row(line_no: int, record: list[str]) -> CsvRow | CsvProblem:
    if len(record) > len(COLUMNS):
        return CsvProblem(line_no, f"{len(record)} fields; expected at most {len(COLUMNS)}")
    cells = dict(zip(COLUMNS, (cell.strip() for cell in record), strict=False))
    for name, limit in MAX_FIELD.items():
        if len(cells.get(name, "")) > limit:
            return CsvProblem(line_no, f"{name} is longer than {limit} characters")
    medium = MEDIUM_BY_WORD.get(cells.get("type", "").lower())
    if medium is None:
        allowed = ", ".join(m.value for m in Medium)
        return CsvProblem(line_no, f"unknown type {cells['type']!r}; use one of: {allowed}")
    try:
        url = normalise_url(cells.get("url", ""))
    except UrlRejected as error:
        return CsvProblem(line_no, f"url not accepted: {error.explanation}")
    return CsvRow(
        line_no,
        url,
        cells.get("referer", ""),
        cells.get("reference", ""),
        cells.get("source", ""),
        medium,
    )
