"""Django app configuration for partners."""

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Partners and their API keys."""

    name = "meldpunt.partners"
    label = "partners"
