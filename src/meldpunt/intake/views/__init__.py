"""Intake views: the public pages and the staff's report pages."""

from meldpunt.intake.views.public import rate_limited

__all__ = ["rate_limited"]
