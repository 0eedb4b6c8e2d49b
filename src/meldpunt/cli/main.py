"""The `meldpunt` command: serving, set-up, intake, captures, audit, hashing, lists, directory, law.

Each command's module is imported only when that command runs. `meldpunt hash` then starts
without the web app's modules, and so does every decoder child it starts: multiprocessing
imports the main script, and so this module, into each of them.
"""

import importlib

import click

from meldpunt import __version__

COMMANDS = {
    "serve": "meldpunt.cli.serve:serve",
    "worker": "meldpunt.cli.serve:worker",
    "migrate": "meldpunt.cli.serve:migrate_command",
    "createuser": "meldpunt.cli.people:createuser",
    "partner-key": "meldpunt.cli.people:partner_key",
    "import-reports": "meldpunt.cli.imports:import_reports",
    "audit": "meldpunt.cli.audit:audit",
    "hash": "meldpunt.cli.hashing:hash_files",
    "lists": "meldpunt.cli.lists:lists",
    "match": "meldpunt.cli.matching:match_files",
    "keys": "meldpunt.cli.keys:keys",
    "items": "meldpunt.cli.items:items",
    "suffixes": "meldpunt.cli.suffixes:suffixes",
    "captures": "meldpunt.cli.captures:captures",
    "case": "meldpunt.cli.cases:case",
    "directory": "meldpunt.cli.directory:directory",
    "hosting": "meldpunt.cli.hosting:hosting",
    "exposure-policy": "meldpunt.cli.exposure:exposure_policy",
    "law": "meldpunt.cli.law:law",
}


class Commands(click.Group):
    """The subcommands, each loaded from its module when asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="meldpunt")
def cli() -> None:
    """Meldpunt: case management for child-safety hotlines."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="meldpunt")
