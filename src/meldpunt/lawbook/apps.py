"""The lawbook app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawbookConfig(AppConfig):
    """The hotline's approved rule files, each a version of the law in force."""

    name = "meldpunt.lawbook"
    label = "lawbook"
    verbose_name = _("Law")
