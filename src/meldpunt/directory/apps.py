"""Django app configuration for the directory."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Organisations, API clients and domain rules."""

    name = "meldpunt.directory"
    label = "directory"
    verbose_name = _("Directory")
