"""Reading report CSV files (url;referer;reference;source;type), every line checked first."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from meldpunt.core.csv_layout import (
    COLUMNS,
    MEDIUM_BY_WORD,
    SEPARATOR_NAMES,
    Layout,
    LayoutUnclear,
    detect_layout,
    header_example,
)
from meldpunt.core.plain_text import HiddenCharacter, check_plain_text
from meldpunt.core.reports import Medium
from meldpunt.core.urls import NormalisedUrl, UrlRejected, normalise_url

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 250_000
MAX_FIELD = {"referer": 2048, "reference": 200, "source": 200, "type": 40}


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
    """Decode strictly, find the separator, and check every line before anything is applied."""
    text = _decode(data)
    reading = CsvReading()
    try:
        layout = detect_layout(text)
    except LayoutUnclear as unclear:
        reading.problems.append(CsvProblem(unclear.line_no, str(unclear)))
        return reading
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=layout.separator, strict=True)
    try:
        for record in reader:
            _read_record(reader.line_num, record, reading, layout)
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


def _read_record(line_no: int, record: list[str], reading: CsvReading, layout: Layout) -> None:
    if not any(cell.strip() for cell in record):
        return
    if line_no == layout.header_line:
        return
    if len(reading.rows) + len(reading.problems) >= MAX_ROWS:
        raise csv.Error(f"more than {MAX_ROWS} lines; split the file")
    row = _row(line_no, record, layout)
    if isinstance(row, CsvProblem):
        reading.problems.append(row)
    else:
        reading.rows.append(row)


def _row(line_no: int, record: list[str], layout: Layout) -> CsvRow | CsvProblem:
    if len(record) > len(COLUMNS):
        return CsvProblem(line_no, f"{len(record)} fields; expected at most {len(COLUMNS)}")
    if layout.is_unclear(record):
        return CsvProblem(line_no, _unclear_line(layout.separator))
    cells = dict(zip(COLUMNS, (cell.strip() for cell in record), strict=False))
    problem = _field_problem(cells)
    if problem:
        return CsvProblem(line_no, problem)
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


def _field_problem(cells: dict[str, str]) -> str | None:
    """Why a field other than the address cannot be taken in: too long, or hidden characters."""
    for name, limit in MAX_FIELD.items():
        value = cells.get(name, "")
        if len(value) > limit:
            return f"{name} is longer than {limit} characters"
        try:
            check_plain_text(value)
        except HiddenCharacter as hidden:
            return f"{name} holds {hidden}"
    return None


def _unclear_line(separator: str) -> str:
    return (
        f"cannot tell where the address ends: the text after {SEPARATOR_NAMES[separator]} is "
        "not a referring page address; put the address in double quotes, or add the header "
        f"line {header_example(separator)}"
    )
