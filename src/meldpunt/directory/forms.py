"""The admin's organisation forms: the outgoing API key can be given, never read back."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldpunt.core import outgoing_keys
from meldpunt.directory.models import Organisation
from meldpunt.directory.services import outgoing_secret


class OrganisationForm(forms.ModelForm):
    """Country codes are taken in any case."""

    class Meta:
        model = Organisation
        fields: tuple[str, ...] = ("name", "country", "email")

    def clean_name(self) -> str:
        """Unique within the kind, in any case (the constraint's kind is not a form field, so
        Django's own check would skip it)."""
        name = str(self.cleaned_data.get("name", "")).strip()
        kind = getattr(self.instance, "KIND", self.instance.kind)
        others = Organisation.objects.filter(kind=kind, name__iexact=name)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("There already is one of this kind with this name."))
        return name

    def clean_country(self) -> str:
        """NL, nl and ' NL ' are the same country."""
        return str(self.cleaned_data.get("country", "")).strip().upper()


class PoliceUnitForm(OrganisationForm):
    """A police unit: e-mail and an optional public key."""

    class Meta(OrganisationForm.Meta):
        fields = ("name", "country", "email", "public_key")


class PartnerHotlineForm(OrganisationForm):
    """A partner hotline: reached by e-mail, or by its Meldpunt API with a write-only key."""

    api_url = forms.URLField(label=_("Meldpunt API URL"), required=False, assume_scheme="https")
    new_api_key = forms.CharField(
        label=_("API key"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the key held."),
    )
    forget_api_key = forms.BooleanField(label=_("Forget the API key"), required=False)

    class Meta(OrganisationForm.Meta):
        fields = ("name", "country", "email", "api_url")

    def clean(self) -> dict[str, Any]:
        """Lock a new key onto the instance, so the model's own checks see that one is held."""
        cleaned = super().clean() or {}
        key = cleaned.get("new_api_key", "")
        if key:
            self.instance.api_key_locked = outgoing_keys.lock(outgoing_secret(), key)
        elif cleaned.get("forget_api_key"):
            self.instance.api_key_locked = ""
        return cleaned


class HostingProviderForm(OrganisationForm):
    """A hosting provider: AS numbers and the abuse mailbox."""

    class Meta(OrganisationForm.Meta):
        fields = ("name", "country", "asns", "email")
        labels = {"email": _("Abuse mailbox")}
