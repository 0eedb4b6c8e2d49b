"""The assess app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessConfig(AppConfig):
    """Claims on work, assessments, reveals and the analysts' exposure."""

    name = "meldpunt.assess"
    verbose_name = _("Assessment")
