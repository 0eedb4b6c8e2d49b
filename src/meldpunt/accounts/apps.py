"""Django app configuration for staff accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Connects the login signals to the audit trail."""

    name = "meldpunt.accounts"
    label = "accounts"

    def ready(self) -> None:
        """Register signal receivers."""
        from meldpunt.accounts import signals  # noqa: F401
