"""The hotline's assessment policies in the admin, for managers and administrators: checked
whole before they are stored, every change audited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from meldpunt.accounts.roles import EDIT_DIRECTORY
from meldpunt.assess.exposure import policy_of
from meldpunt.assess.models import ExposureLimits, WorkPolicy
from meldpunt.audit.admin_changes import ModelT, RoleAdmin
from meldpunt.core.exposure.policy import PolicyInvalid, PolicyProblem

POLICY_PROBLEMS = {
    "not_positive": _("%(field)s: enter a whole number of minutes above zero."),
    "longer_than_a_day": _("%(field)s: %(value)s is more than a day (%(limit)s minutes)."),
    "session_over_day": _(
        "%(field)s: %(value)s is more than the daily limit of %(limit)s. Continuous viewing is "
        "part of the day's viewing."
    ),
    "break_a_day": _("%(field)s: %(value)s is not shorter than a day (%(limit)s minutes)."),
    "reveal_over_session": _(
        "%(field)s: %(value)s is more than the continuous viewing of %(limit)s. One reveal "
        "would count past the break it needs."
    ),
    "not_a_time": _("%(field)s: enter a time of day."),
    "zoned": _("%(field)s: enter a time without a time zone; the hotline's own zone applies."),
    "midnight": _("%(field)s: 00:00 would allow no viewing at all; leave it empty instead."),
}


def policy_problem(problem: PolicyProblem) -> str:
    """One problem with the exposure policy, in the reader's language, naming the field as
    the form labels it."""
    field = ExposureLimits._meta.get_field(problem.field)
    label = capfirst(getattr(field, "verbose_name", problem.field))
    values = {"value": "", "limit": "", **dict(problem.values)}
    return str(POLICY_PROBLEMS[problem.code]) % {"field": label, **values}


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
                for problem in refused.problems:
                    self.add_error(problem.field, policy_problem(problem))
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
