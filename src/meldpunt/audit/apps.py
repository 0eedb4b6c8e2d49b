"""Django app configuration for the audit trail."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail."""

    name = "meldpunt.audit"
    label = "audit"
