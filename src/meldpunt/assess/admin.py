"""The hotline's assessment policies in the admin, for managers and administrators: checked
whole before they are stored, every change audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from meldpunt.accounts.roles import EDIT_DIRECTORY
from meldpunt.assess.exposure import policy_of
from meldpunt.assess.models import ExposureLimits, WorkPolicy
from meldpunt.audit.admin_changes import ModelT, RoleAdmin
from meldpunt.core.exposure.policy import PolicyInvalid


class PolicyAdmin(RoleAdmin[ModelT]):
    """One row, kept by managers: changed, never added twice or deleted."""

    roles = EDIT_DIRECTORY

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.allowed(request) and not self.model.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ExposureLimitsForm(forms.ModelForm):
    """The exposure policy, refused whole when it could not protect anyone."""

    class Meta:
        model = ExposureLimits
        fields = (
            "daily_minutes",
            "session_minutes",
            "break_minutes",
            "no_viewing_after",
            "reveal_minutes",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors:
            try:
                policy_of(ExposureLimits(**cleaned))
            except PolicyInvalid as refused:
                raise forms.ValidationError(list(refused.problems)) from None
        return cleaned


@admin.register(ExposureLimits)
class ExposureLimitsAdmin(PolicyAdmin[ExposureLimits]):
    """Daily and continuous viewing limits, breaks and a cut-off time; the server enforces them."""

    form = ExposureLimitsForm
    list_display = (
        "__str__",
        "daily_minutes",
        "session_minutes",
        "break_minutes",
        "no_viewing_after",
    )


@admin.register(WorkPolicy)
class WorkPolicyAdmin(PolicyAdmin[WorkPolicy]):
    """How long a claim lasts, and how many assessments settle work for the own lists."""

    list_display = ("__str__", "claim_minutes", "assessments_for_list")
