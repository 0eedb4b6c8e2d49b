"""Django app configuration for capture."""

from django.apps import AppConfig


class CaptureConfig(AppConfig):
    """Fetching, storing, hashing, matching and tracing reported items."""

    name = "meldpunt.capture"
    label = "capture"

    def ready(self) -> None:
        """Every new item gets a capture (see signals.py)."""
        from meldpunt.capture import signals  # noqa: F401
