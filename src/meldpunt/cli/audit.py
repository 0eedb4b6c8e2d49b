"""`meldpunt audit verify` and `meldpunt audit checkpoint`."""

from pathlib import Path

import click

from meldpunt.cli.setup import migrate, start_django


@click.group()
def audit() -> None:
    """Work with the audit trail."""


@audit.command()
@click.option(
    "--witness",
    "witnesses",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A copy of checkpoints kept off this machine (lines printed by `meldpunt audit "
    "checkpoint`), held against the trail as well. May be given more than once.",
)
def verify(witnesses: tuple[Path, ...]) -> None:
    """Check the hash chain against the signed checkpoints; exit 1 if anything is wrong."""
    start_django()
    migrate()
    from meldpunt.audit.checkpoints import CheckpointFailed
    from meldpunt.audit.verification import describe, verify_trail
    from meldpunt.keystore import KeyDamaged

    try:
        verdict = verify_trail(witnesses)
    except (CheckpointFailed, KeyDamaged) as error:
        raise click.ClickException(str(error)) from None
    for line in describe(verdict):
        click.echo(line, err=not verdict.intact)
    if not verdict.intact:
        raise SystemExit(1)


@audit.command()
def checkpoint() -> None:
    """Sign the trail's head now (or reuse the latest checkpoint if the head has not moved)
    and print it as one line, for a witness to keep off this machine."""
    start_django()
    migrate()
    from meldpunt.audit.checkpoints import CheckpointFailed, witness_head
    from meldpunt.keystore import KeyDamaged

    try:
        signed = witness_head("operator")
    except (CheckpointFailed, KeyDamaged) as error:
        raise click.ClickException(str(error)) from None
    click.echo(signed.to_line())
