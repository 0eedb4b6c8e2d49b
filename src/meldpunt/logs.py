"""Log lines with one clock: UTC, written as ISO 8601 with a Z (huey's own times are UTC too)."""

import logging
import time


class UtcFormatter(logging.Formatter):
    """2026-12-01T19:38:16.125Z INFO huey.consumer Huey consumer started ..."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        """The record's time in UTC, to the millisecond."""
        moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{moment}.{int(record.msecs):03d}Z"
