"""Organisations the hotline deals with, the API clients it admits, its own domain rules."""

from __future__ import annotations

from typing import Any, ClassVar, Self, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldpunt.core.directory import (
    DirectoryInvalid,
    Scope,
    api_url,
    country_code,
    parse_asns,
    sealing_public_key,
)


def validate_country(value: str) -> None:
    """ISO 3166-1 alpha-2, in capitals."""
    try:
        if country_code(value) != value:
            raise DirectoryInvalid(value)
    except DirectoryInvalid:
        raise ValidationError(_("Give an ISO 3166-1 alpha-2 country code, such as NL.")) from None


def validate_asns(value: str) -> None:
    """AS numbers separated by commas."""
    try:
        parse_asns([value])
    except DirectoryInvalid:
        raise ValidationError(
            _("Give AS numbers separated by commas, such as 64500, 64501.")
        ) from None


def validate_api_url(value: str) -> None:
    """https, or http on this machine only: the key goes with every call."""
    try:
        api_url(value)
    except DirectoryInvalid:
        raise ValidationError(_("Give an https:// address for the Meldpunt API.")) from None


def validate_public_key(value: str) -> None:
    """A Curve25519 public key in base64."""
    try:
        sealing_public_key(value)
    except DirectoryInvalid:
        raise ValidationError(_("Give a 32-byte public key in base64.")) from None


class Kind(models.TextChoices):
    """The kinds of organisation in the directory."""

    POLICE = "police", _("Police unit")
    HOTLINE = "hotline", _("Partner hotline")
    PROVIDER = "provider", _("Hosting provider")


class Organisation(models.Model):
    """A police unit, partner hotline or hosting provider; its name is unique within its kind."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # Blank only for provider records carried over from before countries were asked for.
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    email = models.EmailField(_("e-mail address"), blank=True)  # a provider's abuse mailbox
    api_url = models.URLField(_("Meldpunt API URL"), blank=True, validators=[validate_api_url])
    api_key_locked = models.TextField(blank=True, editable=False)  # core.outgoing_keys.lock
    asns = models.CharField(_("AS numbers"), max_length=500, blank=True, validators=[validate_asns])
    public_key = models.CharField(
        _("public key"), max_length=44, blank=True, validators=[validate_public_key]
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(Lower("name"), "kind", name="one_name_per_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def asn_list(self) -> tuple[int, ...]:
        """The AS numbers as integers."""
        return parse_asns([self.asns])

    @property
    def has_api_key(self) -> bool:
        """Whether an API key is held (it is never shown)."""
        return bool(self.api_key_locked)

    def clean(self) -> None:
        """A hotline reached by API needs its key; only providers have AS numbers."""
        if self.api_url and not self.api_key_locked:
            raise ValidationError({"api_url": _("A Meldpunt API URL needs the API key too.")})
        if self.asns and self.kind != Kind.PROVIDER:
            raise ValidationError({"asns": _("Only hosting providers have AS numbers.")})


OrganisationT = TypeVar("OrganisationT", bound=Organisation)


class OfKind(models.Manager[OrganisationT]):
    """The organisations of one kind."""

    def __init__(self, kind: Kind) -> None:
        super().__init__()
        self.kind = kind

    def get_queryset(self) -> models.QuerySet[OrganisationT]:
        return super().get_queryset().filter(kind=self.kind)


class FixedKind:
    """Mixed into a proxy: sets its kind before any check or save (the admin's page per kind)."""

    KIND: ClassVar[Kind]
    kind: str

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.kind = self.KIND
        super().save(*args, **kwargs)  # type: ignore[misc]

    def clean(self) -> None:
        self.kind = self.KIND  # the checks read the kind, before save would set it
        super().clean()  # type: ignore[misc]

    def validate_constraints(self, exclude: Any = None) -> None:
        self.kind = self.KIND
        super().validate_constraints(exclude)  # type: ignore[misc]


class PoliceUnit(FixedKind, Organisation):
    """A police unit the hotline refers cases to."""

    KIND = Kind.POLICE
    objects: ClassVar[OfKind[Self]] = OfKind(Kind.POLICE)

    class Meta:
        proxy = True
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")


class PartnerHotline(FixedKind, Organisation):
    """A hotline abroad the hotline forwards cases to."""

    KIND = Kind.HOTLINE
    objects: ClassVar[OfKind[Self]] = OfKind(Kind.HOTLINE)

    class Meta:
        proxy = True
        verbose_name = _("partner hotline")
        verbose_name_plural = _("partner hotlines")


class HostingProvider(FixedKind, Organisation):
    """A provider matched by AS number, with the abuse mailbox notices go to."""

    KIND = Kind.PROVIDER
    objects: ClassVar[OfKind[Self]] = OfKind(Kind.PROVIDER)

    class Meta:
        proxy = True
        verbose_name = _("hosting provider")
        verbose_name_plural = _("hosting providers")


class ApiClient(models.Model):
    """A caller of Meldpunt's API, known by the hash of its key, allowed its scopes."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_clients",
    )
    key_prefix = models.CharField(_("key prefix"), max_length=8, unique=True)
    key_digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name

    def may(self, scope: Scope) -> bool:
        """Whether this client's key opens `scope`."""
        return scope.value in self.scopes


class DomainRule(models.Model):
    """The hotline's own knowledge about a domain: country, forced hoster, CDN, site owner."""

    domain = models.CharField(_("domain"), max_length=253, unique=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, validators=[validate_country]
    )
    force_hoster = models.CharField(_("hosting provider"), max_length=200, blank=True)
    force_abuse_email = models.EmailField(_("abuse mailbox"), blank=True)
    behind_cdn = models.BooleanField(
        _("behind a CDN"), default=False, help_text=_("Behind a CDN: the origin host is needed")
    )
    notify_site_owner = models.BooleanField(_("notify the site owner"), default=False)
    site_owner_email = models.EmailField(_("site owner's e-mail address"), blank=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("domain rule")
        verbose_name_plural = _("domain rules")

    def __str__(self) -> str:
        return self.domain
