"""`meldpunt hash FILE...`: digests, PDQ and quality for files and directories."""

from __future__ import annotations

import json
from pathlib import Path

import click

from meldpunt.cli.files import PROBLEM_TEXT, hash_with_progress, report_failures, walk
from meldpunt.core.hashing.fingerprint import Fingerprint


@click.command(name="hash")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (JSON Lines).")
@click.option("--fast", is_flag=True, hidden=True, help="Accepted for old scripts; no effect.")
def hash_files(paths: tuple[Path, ...], as_json: bool, fast: bool) -> None:
    """Print MD5, SHA-1, SHA-256, PDQ and quality; directories are walked."""
    if fast:
        click.echo(
            "--fast has no effect any more: every PDQ hash is exact (see the README).", err=True
        )
    files = walk(paths)
    lines, failed = [], 0
    for hashed in hash_with_progress(files, "Hashing"):
        if hashed.fingerprint is None:
            failed += 1
            lines.append(_refused(hashed.path, hashed.error, as_json))
        else:
            lines.append(_line(hashed.path, hashed.fingerprint, as_json))
    for line in lines:
        click.echo(line)
    if not files:
        click.echo("No files found.", err=True)
    report_failures(failed, len(files))


def _line(path: Path, fingerprint: Fingerprint, as_json: bool) -> str:
    pdq = fingerprint.pdq.original if fingerprint.pdq else None
    record = {
        "file": str(path),
        "md5": fingerprint.digests.md5,
        "sha1": fingerprint.digests.sha1,
        "sha256": fingerprint.digests.sha256,
        "pdq": pdq.hex if pdq else None,
        "quality": pdq.quality if pdq else None,
        "frames": None
        if fingerprint.frames is None
        else [
            {
                "frame": f.frame_number,
                "timestamp": f.timestamp,
                "pdq": f.pdq.hex,
                "quality": f.pdq.quality,
            }
            for f in fingerprint.frames
        ],
        "problem": fingerprint.problem,
    }
    if as_json:
        return json.dumps(record)
    if fingerprint.frames is not None:
        tail = f"vpdq {len(fingerprint.frames)} frames" + "".join(
            f"\n    {f.timestamp:8.2f}s pdq {f.pdq.hex} quality {f.pdq.quality}"
            for f in fingerprint.frames
        )
    elif pdq is None:
        assert fingerprint.problem is not None  # a fingerprint without hashes says why
        tail = PROBLEM_TEXT[fingerprint.problem]
    else:
        tail = f"pdq {pdq.hex} quality {pdq.quality}" + ("" if pdq.trusted else " (untrusted)")
    return (
        f"{path}\n  md5 {record['md5']}\n  sha1 {record['sha1']}\n"
        f"  sha256 {record['sha256']}\n  {tail}"
    )


def _refused(path: Path, reason: str | None, as_json: bool) -> str:
    if as_json:
        return json.dumps({"file": str(path), "error": reason})
    return f"{path}\n  not hashed: {reason}"
