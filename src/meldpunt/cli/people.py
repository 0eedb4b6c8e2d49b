"""`meldpunt createuser` and `meldpunt partner-key`."""

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
def partner_key(name: str) -> None:
    """Create a partner and print its API key once."""
    start_django()
    migrate()
    from meldpunt.partners.services import PartnerError, create_partner

    try:
        partner, secret = create_partner(name)
    except PartnerError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Partner {partner.name!r} created. Its API key, shown only this once:", err=True)
    click.echo(secret)
    click.echo("Send it with each request as the X-API-Key header.", err=True)
