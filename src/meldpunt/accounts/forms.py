"""Forms of the staff-management pages."""

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from meldpunt.accounts.models import Role


class NewStaffForm(forms.Form):
    """A new colleague: they choose their own password through a one-time link."""

    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    email = forms.EmailField(label=_("E-mail address (optional)"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.ANALYST)


class RoleForm(forms.Form):
    """Another role for a staff member."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
