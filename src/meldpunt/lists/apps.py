"""Django app configuration for hash lists."""

from django.apps import AppConfig


class ListsConfig(AppConfig):
    """Hash lists and their entries."""

    name = "meldpunt.lists"
    label = "lists"

    def ready(self) -> None:
        from meldpunt.lists import signals  # noqa: F401 - connects the receivers
