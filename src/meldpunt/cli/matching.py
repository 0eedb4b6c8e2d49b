"""`meldpunt match FILE... [--list NAME]`: which listed entries each file matches, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from meldpunt.cli.files import PROBLEM_TEXT, hash_with_progress, report_failures, walk
from meldpunt.cli.setup import migrate, start_django

if TYPE_CHECKING:  # the index is loaded only when a match runs
    from meldpunt.core.hashing.fingerprint import Fingerprint
    from meldpunt.core.hashlists.known import MatchOutcome, Provenance

READ_AS = {"threatexchange": "as python-threatexchange hashes this palette or CMYK image"}


@click.command(name="match")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--list",
    "list_names",
    multiple=True,
    help="Match against this positive list only (repeatable).",
)
@click.option(
    "--threshold",
    type=click.IntRange(0, 64),
    help="PDQ distance for every list (default: each list's).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file (JSON Lines).")
def match_files(
    paths: tuple[Path, ...], list_names: tuple[str, ...], threshold: int | None, as_json: bool
) -> None:
    """Print each file's matches with their provenance: list, entry, distance, variant."""
    start_django()
    migrate()
    from meldpunt.lists.queries import UnknownLists, list_ids_named
    from meldpunt.lists.services import fingerprint_matcher

    try:
        only = list_ids_named(list_names) if list_names else None
    except UnknownLists as unknown:
        raise click.ClickException(
            f"No list named {', '.join(map(repr, unknown.missing))}; see: meldpunt lists show"
        ) from None
    match = fingerprint_matcher(only, threshold)
    files = walk(paths)
    lines, failed = [], 0
    for hashed in hash_with_progress(files, "Matching"):
        path, fingerprint = hashed.path, hashed.fingerprint
        if fingerprint is None:
            failed += 1
            lines.append(_refused(path, hashed.error, as_json))
            continue
        outcome = match(fingerprint)
        lines.append(
            _json(path, fingerprint, outcome) if as_json else _text(path, fingerprint, outcome)
        )
    for line in lines:
        click.echo(line)
    report_failures(failed, len(files))


def _provenance(p: Provenance) -> dict[str, Any]:
    return {
        "list": p.list_name,
        "list_kind": p.kind.value,
        "entry": p.entry_id,
        "hash": p.hash_type.value,
        "distance": p.distance,
        "variant": p.read_as or None,
        "classification": p.classification.value if p.classification else None,
    }


def _json(path: Path, fingerprint: Fingerprint, outcome: MatchOutcome) -> str:
    return json.dumps(
        {
            "file": str(path),
            "sha256": fingerprint.digests.sha256,
            "known": outcome.known,
            "matches": [_provenance(p) for p in outcome.matches],
            "suppressed": [_provenance(p) for p in outcome.suppressed],
            "benign": [_provenance(p) for p in outcome.benign],
            "pdq_untrusted": outcome.pdq_untrusted,
            "problem": fingerprint.problem,
        }
    )


def _refused(path: Path, reason: str | None, as_json: bool) -> str:
    if as_json:
        return json.dumps({"file": str(path), "error": reason})
    return f"{path}: not matched: {reason}"


def _text(path: Path, fingerprint: Fingerprint, outcome: MatchOutcome) -> str:
    lines = [f"{path}: " + ("KNOWN" if outcome.known else "no match")]
    for title, found in (
        ("match", outcome.matches),
        ("suppressed", outcome.suppressed),
        ("benign", outcome.benign),
    ):
        for p in found:
            how = (
                f"{p.hash_type.value} exact"
                if p.exact
                else f"pdq distance {p.distance}, {READ_AS.get(p.read_as, p.read_as)}"
            )
            label = f", {p.classification.value}" if p.classification else ""
            lines.append(f"  {title}: list {p.list_name!r} entry {p.entry_id} ({how}{label})")
    if outcome.suppressed:
        lines.append("  positive look-alikes were suppressed by a negative list")
    if outcome.pdq_untrusted:
        lines.append("  PDQ quality below 50: matched by digest only")
    if fingerprint.problem:
        lines.append(f"  {PROBLEM_TEXT[fingerprint.problem]}")
    return "\n".join(lines)
