"""Django app configuration for privacy."""

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """Sealed contacts."""

    name = "meldpunt.privacy"
    label = "privacy"
