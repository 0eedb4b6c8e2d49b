"""`meldpunt audit verify`."""

import click

from meldpunt.cli.setup import migrate, start_django


@click.group()
def audit() -> None:
    """Work with the audit trail."""


@audit.command()
def verify() -> None:
    """Check the whole hash chain and name the first broken event."""
    start_django()
    migrate()
    from meldpunt.audit.services import describe_break, verify_trail

    check = verify_trail()
    if check.intact:
        click.echo(f"The audit trail is intact: {check.checked} events checked.")
        return
    click.echo(describe_break(check), err=True)
    click.echo(f"{check.checked} events before it are intact.", err=True)
    raise SystemExit(1)
