"""`meldpunt hash FILE...`: digests, PDQ and quality for files and directories."""

from __future__ import annotations

import json
from pathlib import Path

import click

from meldpunt.cli.files import PROBLEM_TEXT, walk, with_progress


@click.command(name="hash")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (JSON Lines).")
@click.option("--fast", is_flag=True, help="Fast PDQ: reduced-scale decode, within 10 bits.")
def hash_files(paths: tuple[Path, ...], as_json: bool, fast: bool) -> None:
    """Print MD5, SHA-1, SHA-256, PDQ and quality; directories are walked."""
    from meldpunt.core.hashing.fingerprint import fingerprint_file

    files = walk(paths)
    lines = []
    for path in with_progress(files, "Hashing"):
        try:
            lines.append(_line(path, fingerprint_file(path, fast), as_json))
        except OSError as error:
            lines.append(_unreadable(path, error, as_json))
    for line in lines:
        click.echo(line)
    if not files:
        click.echo("No files found.", err=True)


def _line(path: Path, fingerprint, as_json: bool) -> str:
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
        tail = PROBLEM_TEXT[fingerprint.problem]
    else:
        tail = f"pdq {pdq.hex} quality {pdq.quality}" + ("" if pdq.trusted else " (untrusted)")
    return (
        f"{path}\n  md5 {record['md5']}\n  sha1 {record['sha1']}\n"
        f"  sha256 {record['sha256']}\n  {tail}"
    )


def _unreadable(path: Path, error: OSError, as_json: bool) -> str:
    reason = error.strerror or type(error).__name__
    if as_json:
        return json.dumps({"file": str(path), "error": reason})
    return f"{path}\n  cannot be read: {reason}"
