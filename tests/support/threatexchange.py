"""python-threatexchange as the oracle: its CLI run in-process on a state directory of our own."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

pytest.importorskip(
    "threatexchange",
    reason="python-threatexchange is the interoperability oracle: pip install -e '.[test]'",
)

# After the skip above, so that without python-threatexchange its tests skip, not fail.
from threatexchange.cli.main import inner_main
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.sha256 import VideoSHA256Signal

SIGNAL_TYPES = {"pdq": PdqSignal, "video_md5": VideoMD5Signal, "video_sha256": VideoSHA256Signal}
__all__ = ["SIGNAL_TYPES", "ThreatExchangeCli", "pdq_from_bytes"]


class ThreatExchangeCli:
    """`threatexchange ...` with its state kept in one directory (its sample data is built in)."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir

    def __call__(self, *args: str) -> str:
        """What the command printed on standard output."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                inner_main(list(args), state_dir=self.state_dir)
            except SystemExit as stop:
                if stop.code:
                    raise AssertionError(
                        f"threatexchange {args} failed: {err.getvalue()}"
                    ) from None
        return out.getvalue()

    def read_back(self, path: Path) -> set[tuple[str, str]]:
        """Every (signal type, signal) that python-threatexchange's file exchange accepts from
        the file: what it and HMA would match against."""
        self(
            "config",
            "collab",
            "edit",
            "local_file",
            "--create",
            "--filename",
            str(path),
            "meldpunt",
        )
        self("fetch")
        lines = self("dataset", "-P", "-S").splitlines()
        return {tuple(line.split(" ", 1)) for line in lines if line}  # type: ignore[misc]
