"""Adding to the directory and reading it: organisations, API clients, domain rules; audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from meldpunt.audit.services import Actor, record_event
from meldpunt.core import outgoing_keys
from meldpunt.core.directory import (
    DirectoryInvalid,
    Scope,
    api_url,
    country_code,
    format_asns,
    parse_asns,
    sealing_public_key,
)
from meldpunt.core.partner_keys import issue_key, key_matches, key_prefix
from meldpunt.core.urls import UrlRejected, canonical_host
from meldpunt.directory.models import ApiClient, DomainRule, Kind, Organisation


class DirectoryError(ValueError):
    """The directory cannot be changed as asked; the message says why, in one line."""


@dataclass(frozen=True)
class OrganisationDraft:
    """What is asked for a new organisation; the API key in the clear, about to be locked."""

    kind: Kind
    name: str
    country: str
    email: str = ""
    api_url: str = ""
    api_key: str = ""
    asns: Sequence[str | int] = ()
    public_key: str = ""


def outgoing_secret() -> bytes:
    """The secret that locks outgoing API keys, as the composition root wired it."""
    from meldpunt.bootstrap import parts

    return parts().outgoing_secret()


def add_organisation(draft: OrganisationDraft, actor: Actor, secret: bytes) -> Organisation:
    """Check everything first, then store and audit in one transaction: nothing half-written."""
    organisation = _organisation(draft, secret)
    _full_clean(organisation)
    with transaction.atomic():
        try:
            organisation.save()
        except IntegrityError:
            raise DirectoryError(_duplicate(draft.kind, draft.name)) from None
        record_event(actor, "directory.organisation_added", organisation, _facts(organisation))
    return organisation


def _organisation(draft: OrganisationDraft, secret: bytes) -> Organisation:
    name = draft.name.strip()
    if not name:
        raise DirectoryError("give the organisation a name")
    if bool(draft.api_url) != bool(draft.api_key):
        raise DirectoryError("a Meldpunt API URL and its API key go together: give both")
    if draft.asns and draft.kind != Kind.PROVIDER:
        raise DirectoryError("only hosting providers have AS numbers")
    if draft.public_key and draft.kind != Kind.POLICE:
        raise DirectoryError("only police units have a public key")
    if Organisation.objects.filter(kind=draft.kind, name__iexact=name).exists():
        raise DirectoryError(_duplicate(draft.kind, name))
    try:
        url = api_url(draft.api_url) if draft.api_url else ""
        country = country_code(draft.country)
        asns = format_asns(parse_asns(draft.asns))
        if draft.public_key:
            sealing_public_key(draft.public_key)
    except DirectoryInvalid as error:
        raise DirectoryError(str(error)) from None
    _check_email(draft.email)
    locked = outgoing_keys.lock(secret, draft.api_key.strip()) if draft.api_key else ""
    return Organisation(
        kind=draft.kind,
        name=name,
        country=country,
        email=draft.email.strip(),
        api_url=url,
        api_key_locked=locked,
        asns=asns,
        public_key=draft.public_key.strip(),
    )


def _duplicate(kind: Kind, name: str) -> str:
    return f"there already is a {Kind(kind).label.lower()} named {name.strip()!r}"


def _check_email(email: str) -> None:
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            raise DirectoryError(f"{email.strip()!r} is not an e-mail address") from None


def _full_clean(instance: Organisation | DomainRule | ApiClient) -> None:
    """The model's own checks too, as the admin runs them; the first problem, in one line."""
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DirectoryError(f"{field}: {' '.join(messages)}") from None


def _facts(organisation: Organisation) -> dict[str, Any]:
    """What the audit trail keeps of an organisation: never its API key."""
    return {"kind": organisation.kind, "country": organisation.country}


def api_key_of(organisation: Organisation, secret: bytes) -> str:
    """A hotline's API key in the clear, for the call that uses it; never shown to anyone."""
    return outgoing_keys.unlock(secret, organisation.api_key_locked)


def directory_listing() -> list[dict[str, Any]]:
    """Every organisation, as the CLI and scripts see it: whether a key is held, never the key."""
    return [
        {
            "kind": o.kind,
            "name": o.name,
            "country": o.country,
            "email": o.email,
            "api_url": o.api_url,
            "has_api_key": o.has_api_key,
            "asns": list(o.asn_list()),
            "has_public_key": bool(o.public_key),
        }
        for o in Organisation.objects.order_by("kind", "name")
    ]


def create_api_client(
    name: str, scopes: frozenset[Scope], actor: Actor, organisation: Organisation | None = None
) -> tuple[ApiClient, str]:
    """Make an API client; the returned secret is shown once and never stored."""
    name = name.strip()
    if not name:
        raise DirectoryError("give the API client a name")
    if not scopes:
        raise DirectoryError("give the API client at least one scope")
    if ApiClient.objects.filter(name__iexact=name).exists():
        raise DirectoryError(f"an API client named {name!r} already exists")
    key = issue_key()
    chosen = sorted(scope.value for scope in scopes)
    with transaction.atomic():
        client = ApiClient.objects.create(
            name=name,
            organisation=organisation,
            key_prefix=key.prefix,
            key_digest=key.digest,
            scopes=chosen,
        )
        facts = {"key_prefix": key.prefix, "scopes": chosen}
        record_event(actor, "directory.api_client_created", client, facts)
    return client, key.secret


def api_client_for_key(secret: str) -> ApiClient | None:
    """The active API client whose key this is, or None."""
    prefix = key_prefix(secret.strip())
    if prefix is None:
        return None
    client = ApiClient.objects.filter(key_prefix=prefix, active=True).first()
    if client is None or not key_matches(secret.strip(), client.key_digest):
        return None
    return client


@dataclass(frozen=True)
class RuleChange:
    """What to set on a domain rule; None leaves a field as it is."""

    country: str | None = None
    provider: str | None = None
    abuse_email: str | None = None
    behind_cdn: bool | None = None


def set_domain_rule(domain: str, change: RuleChange, actor: Actor) -> tuple[DomainRule, bool]:
    """Add the rule for `domain`, or change the fields given; (rule, whether it was new)."""
    host = _domain(domain)
    with transaction.atomic():
        rule = DomainRule.objects.select_for_update().filter(domain=host).first()
        created = rule is None
        rule = rule or DomainRule(domain=host)
        changed = _apply(rule, change)
        _full_clean(rule)
        rule.save()
        event = "directory.domain_rule_added" if created else "directory.domain_rule_changed"
        record_event(actor, event, rule, {"fields": changed})
    return rule, created


def _domain(text: str) -> str:
    try:
        return canonical_host(text.strip().strip("."))
    except UrlRejected:
        raise DirectoryError(f"{text.strip()!r} is not a domain name") from None


def _apply(rule: DomainRule, change: RuleChange) -> list[str]:
    changed: list[str] = []
    if change.country is not None:
        try:
            rule.country = country_code(change.country) if change.country.strip() else ""
        except DirectoryInvalid as error:
            raise DirectoryError(str(error)) from None
        changed.append("country")
    if change.provider is not None:
        rule.force_hoster = change.provider.strip()
        changed.append("force_hoster")
    if change.abuse_email is not None:
        _check_email(change.abuse_email)
        rule.force_abuse_email = change.abuse_email.strip()
        changed.append("force_abuse_email")
    if change.behind_cdn is not None:
        rule.behind_cdn = change.behind_cdn
        changed.append("behind_cdn")
    return changed
