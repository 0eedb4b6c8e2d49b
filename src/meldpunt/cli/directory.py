"""`meldpunt directory add` and `meldpunt directory list`: the organisations the hotline knows."""

import json
from typing import Any

import click

from meldpunt.cli.setup import migrate, start_django

KINDS = ("police", "hotline", "provider")


@click.group()
def directory() -> None:
    """Police units, partner hotlines and hosting providers."""


@directory.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("name")
@click.option("--country", required=True, help="ISO 3166-1 alpha-2 code, such as NL.")
@click.option("--email", default="", help="Contact address (a provider's abuse mailbox).")
@click.option("--api-url", default="", help="A partner hotline's Meldpunt API URL.")
@click.option("--api-key", default="", help="Its API key: stored encrypted, never shown again.")
@click.option("--asn", "asns", multiple=True, help="A provider's AS number; repeat for more.")
def add(
    kind: str,
    name: str,
    country: str,
    email: str,
    api_url: str,
    api_key: str,
    asns: tuple[str, ...],
) -> None:
    """Add an organisation to the directory."""
    start_django()
    migrate()
    from meldpunt.audit.services import Actor
    from meldpunt.directory.models import Kind
    from meldpunt.directory.services import (
        DirectoryError,
        OrganisationDraft,
        add_organisation,
        outgoing_secret,
    )

    draft = OrganisationDraft(Kind(kind), name, country, email, api_url, api_key, asns)
    try:
        organisation = add_organisation(draft, Actor.system(), outgoing_secret())
    except DirectoryError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Added {organisation.get_kind_display().lower()} {organisation.name!r}.")


@directory.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="One JSON array, for scripts.")
def list_command(as_json: bool) -> None:
    """List the directory; API keys are never printed, only whether one is held."""
    start_django()
    migrate()
    from meldpunt.directory.services import directory_listing

    listing = directory_listing()
    if as_json:
        click.echo(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    for row in listing:
        click.echo(_line(row))
    if not listing:
        click.echo("The directory is empty.", err=True)


def _line(row: dict[str, Any]) -> str:
    parts = [f"{row['kind']:<9}", f"{row['country'] or '??':<3}", str(row["name"])]
    if row["email"]:
        parts.append(f"<{row['email']}>")
    if row["api_url"]:
        parts.append(f"api {row['api_url']} (key held)" if row["has_api_key"] else "api")
    if row["asns"]:
        parts.append("AS" + ", AS".join(str(n) for n in row["asns"]))
    return "  ".join(parts)
