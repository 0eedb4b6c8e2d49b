"""Starting Django for a command, with configuration errors told plainly."""

import os

import click


def start_django() -> None:
    """Load settings (creating the data directory and keys) and set Django up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldpunt.settings")
    from meldpunt.config import ConfigError

    try:
        import django

        django.setup()
        from django.utils import translation

        translation.activate(
            "en"
        )  # the command line speaks English; the web pages follow the browser
    except ConfigError as error:
        raise click.ClickException(f"Meldpunt cannot start: {error}") from None


def migrate(verbosity: int = 0) -> None:
    """Bring the database schema up to date."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
