"""`meldpunt hosting rule`: the hotline's own knowledge about a domain, used by every trace."""

from typing import TYPE_CHECKING

import click

from meldpunt.cli.setup import migrate, start_django

if TYPE_CHECKING:
    from meldpunt.directory.models import DomainRule


@click.group()
def hosting() -> None:
    """The hotline's own hosting knowledge."""


@hosting.command()
@click.argument("domain")
@click.option("--country", default=None, help="Where the site is hosted (ISO alpha-2); '' clears.")
@click.option("--provider", default=None, help="The hosting provider to notify, by name.")
@click.option("--abuse-email", default=None, help="The mailbox notices go to.")
@click.option(
    "--behind-cdn/--not-behind-cdn",
    default=None,
    help="The addresses are a CDN's: the origin host must be found.",
)
def rule(
    domain: str,
    country: str | None,
    provider: str | None,
    abuse_email: str | None,
    behind_cdn: bool | None,
) -> None:
    """Add a rule for DOMAIN (and its subdomains), or change the options given."""
    start_django()
    migrate()
    from meldpunt.audit.services import Actor
    from meldpunt.directory.services import DirectoryError, RuleChange, set_domain_rule

    change = RuleChange(country, provider, abuse_email, behind_cdn)
    try:
        found, created = set_domain_rule(domain, change, Actor.system())
    except DirectoryError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{'Added' if created else 'Changed'} the rule for {found.domain}: {_shown(found)}")


def _shown(rule: "DomainRule") -> str:
    facts = [
        f"country {rule.country}" if rule.country else "",
        f"provider {rule.force_hoster}" if rule.force_hoster else "",
        f"abuse mailbox {rule.force_abuse_email}" if rule.force_abuse_email else "",
        "behind a CDN" if rule.behind_cdn else "",
    ]
    return ", ".join(fact for fact in facts if fact) or "nothing set"
