"""Django app configuration for partners: kept for its migration history, it has no models."""

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """The old partners app. Its migrations make and then drop the partners table; data
    directories made before the directory existed need them to migrate."""

    name = "meldpunt.partners"
    label = "partners"
