"""`meldpunt createuser` and `meldpunt partner-key` (an API client)."""

import sys

import click

from meldpunt.cli.setup import migrate, start_django


@click.command()
@click.argument("username")
@click.option(
    "--role", required=True, help="analyst, senior-analyst, manager, privacy-officer or admin."
)
@click.option("--email", default="", help="Optional e-mail address.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def createuser(username: str, role: str, email: str, password_stdin: bool) -> None:
    """Create a staff account; MFA is set up at first sign-in."""
    start_django()
    migrate()
    from django.core.exceptions import ValidationError

    from meldpunt.accounts.roles import parse_role
    from meldpunt.accounts.services import AccountError, create_staff_user

    try:
        parsed = parse_role(role)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--role") from None
    password = _read_password(password_stdin)
    try:
        create_staff_user(username, password, parsed, email)
    except (AccountError, ValidationError) as error:
        raise click.ClickException(_reason(error)) from None
    click.echo(f"Created {parsed.label.lower()} {username!r}.")
    click.echo("At first sign-in they set up an authenticator app (TOTP) and get recovery codes.")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _reason(error: Exception) -> str:
    messages = getattr(error, "messages", None)
    return " ".join(messages) if messages else str(error)


@click.command(name="partner-key")
@click.argument("name")
@click.option(
    "--scope",
    default="report",
    show_default=True,
    help="What the key opens, comma-separated: report, hashcheck, urllist.",
)
def partner_key(name: str, scope: str) -> None:
    """Create an API client and print its key once."""
    from meldpunt.core.directory import DirectoryInvalid, parse_scopes

    try:
        scopes = parse_scopes(scope)
    except DirectoryInvalid as error:
        raise click.BadParameter(str(error), param_hint="--scope") from None
    start_django()
    migrate()
    from meldpunt.audit.services import Actor
    from meldpunt.directory.services import DirectoryError, create_api_client

    try:
        client, secret = create_api_client(name, scopes, Actor.system())
    except DirectoryError as error:
        raise click.ClickException(str(error)) from None
    shown = ", ".join(client.scopes)
    click.echo(f"API client {client.name!r} created ({shown}). Its key, shown only once:", err=True)
    click.echo(secret)
    click.echo("Send it with each request as the X-API-Key header.", err=True)
