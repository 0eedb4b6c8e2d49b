"""The directory in the admin, for managers and administrators; every change audited."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from meldpunt.accounts.roles import EDIT_DIRECTORY
from meldpunt.audit.admin_changes import ModelT, RoleAdmin
from meldpunt.directory import forms
from meldpunt.directory.models import (
    ApiClient,
    DomainRule,
    HostingProvider,
    Organisation,
    PartnerHotline,
    PoliceUnit,
)


class DirectoryAdmin(RoleAdmin[ModelT]):
    """Open to the roles that keep the directory."""

    roles = EDIT_DIRECTORY


class OrganisationAdmin(DirectoryAdmin[ModelT]):
    """One kind of organisation; the API key is write-only."""

    list_display: Any = ("name", "country", "email")
    search_fields: ClassVar[Any] = ("name", "email")
    list_filter = ("country",)


@admin.register(PoliceUnit)
class PoliceUnitAdmin(OrganisationAdmin[PoliceUnit]):
    """Police units the hotline refers to."""

    form = forms.PoliceUnitForm


@admin.register(PartnerHotline)
class PartnerHotlineAdmin(OrganisationAdmin[PartnerHotline]):
    """Partner hotlines abroad, by e-mail or by their Meldpunt API."""

    form = forms.PartnerHotlineForm
    list_display = ("name", "country", "email", "api_url", "holds_api_key")
    fields = ("name", "country", "email", "api_url", "new_api_key", "forget_api_key")

    @admin.display(boolean=True, description=_("API key held"))
    def holds_api_key(self, obj: Organisation) -> bool:
        """Whether a key is held; the key itself is never shown."""
        return obj.has_api_key


@admin.register(HostingProvider)
class HostingProviderAdmin(OrganisationAdmin[HostingProvider]):
    """Known providers, matched by AS number."""

    form = forms.HostingProviderForm
    list_display = ("name", "country", "asns", "email")
    search_fields = ("name", "asns", "email")


@admin.register(ApiClient)
class ApiClientAdmin(DirectoryAdmin[ApiClient]):
    """Activate or deactivate API clients; keys are issued by `meldpunt partner-key`."""

    list_display = ("name", "organisation", "key_prefix", "scopes", "active", "created_at")
    fields = ("name", "organisation", "key_prefix", "scopes", "active", "created_at")
    readonly_fields = ("key_prefix", "scopes", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a key is shown once, by the command that makes it


@admin.register(DomainRule)
class DomainRuleAdmin(DirectoryAdmin[DomainRule]):
    """Country, forced hoster, CDN in front, notify the site owner."""

    list_display = ("domain", "country", "force_hoster", "behind_cdn", "notify_site_owner")
    search_fields = ("domain", "force_hoster")
