"""Where tables and keys sit in a TOML text, since tomllib's result forgets line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")
_MULTILINE = ('"""', "'''")


@dataclass
class _Block:
    """A table's lines: its header (0 for the top of the file) and the keys it sets."""

    table: str
    line: int
    keys: list[tuple[str, int]] = field(default_factory=list)
    last_line: int = 0


class TomlPositions:
    """Line numbers (from 1) of the top-level keys, each `[[table]]` and the keys in it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._blocks = [_Block("", 1)]
        self._scan()

    def table_line(self, table: str, index: int) -> int:
        """The header line of the index-th `[[table]]`, or 1 if there is none."""
        headers = [block for block in self._blocks if block.table == table]
        return headers[index].line if index < len(headers) else 1

    def key_line(self, key: str, table: str | None = None, index: int = 0) -> int:
        """The line setting `key` at the top (table None) or in the index-th `[[table]]`."""
        block = self._block(table, index)
        if block is None:
            return 1
        return next((line for name, line in block.keys if name == key), block.line)

    def value_line(self, key: str, value: str, table: str, index: int) -> int:
        """The line where `value` is written, as a string, in `key`'s value."""
        start = self.key_line(key, table, index)
        block = self._block(table, index)
        if block is None:
            return start
        later = [line for _, line in block.keys if line > start]
        end = later[0] - 1 if later else block.last_line
        quoted = (f'"{value}"', f"'{value}'")
        for number in range(start, end + 1):
            if any(q in self.lines[number - 1] for q in quoted):
                return number
        return start

    def _block(self, table: str | None, index: int) -> _Block | None:
        if table is None:
            return self._blocks[0]
        headers = [block for block in self._blocks if block.table == table]
        return headers[index] if index < len(headers) else None

    def _scan(self) -> None:
        closing: str | None = None  # inside a multi-line string, the quotes that end it
        for number, raw in enumerate(self.lines, start=1):
            self._blocks[-1].last_line = number
            if closing is not None:
                if raw.count(closing) % 2 == 1:
                    closing = None
                continue
            line = raw.strip()
            header = _HEADER.match(line) if line.startswith("[") else None
            key = _KEY.match(line)
            if header:
                self._blocks.append(_Block(header.group(1), number, last_line=number))
            elif key:
                self._blocks[-1].keys.append((key.group(1).strip("\"'"), number))
                closing = next((q for q in _MULTILINE if line.count(q) % 2 == 1), None)
