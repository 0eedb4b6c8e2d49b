"""The cases app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Cases, their timelines, content, near-copy groups and verdicts."""

    name = "meldpunt.cases"
    verbose_name = _("Cases")
