"""The `meldpunt` command: serve, worker, set-up, imports, audit, hashing, hash lists, captures."""

import click

from meldpunt import __version__
from meldpunt.cli.audit import audit
from meldpunt.cli.captures import captures
from meldpunt.cli.hashing import hash_files
from meldpunt.cli.imports import import_reports
from meldpunt.cli.items import items
from meldpunt.cli.keys import keys
from meldpunt.cli.lists import lists
from meldpunt.cli.matching import match_files
from meldpunt.cli.people import createuser, partner_key
from meldpunt.cli.serve import migrate_command, serve, worker


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="meldpunt")
def cli() -> None:
    """Meldpunt: case management for child-safety hotlines."""


for command in (
    serve,
    worker,
    migrate_command,
    createuser,
    partner_key,
    import_reports,
    audit,
    hash_files,
    lists,
    match_files,
    keys,
    items,
    captures,
):
    cli.add_command(command)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="meldpunt")
