"""Django app configuration for intake."""

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Reports and the items they name."""

    name = "meldpunt.intake"
    label = "intake"
