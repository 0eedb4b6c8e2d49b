"""Issuing partner keys and recognising them on API calls."""

from django.db import transaction

from meldpunt.audit.services import Actor, record_event
from meldpunt.core.partner_keys import issue_key, key_matches, key_prefix
from meldpunt.partners.models import Partner


class PartnerError(ValueError):
    """The partner cannot be made as asked."""


def create_partner(name: str) -> tuple[Partner, str]:
    """Make a partner; the returned secret is shown once and never stored."""
    name = name.strip()
    if not name:
        raise PartnerError("give the partner a name")
    if Partner.objects.filter(name__iexact=name).exists():
        raise PartnerError(f"a partner named {name!r} already exists")
    key = issue_key()
    with transaction.atomic():
        partner = Partner.objects.create(name=name, key_prefix=key.prefix, key_digest=key.digest)
        record_event(Actor.system(), "partner.created", partner, {"key_prefix": key.prefix})
    return partner, key.secret


def partner_for_key(secret: str) -> Partner | None:
    """The active partner whose key this is, or None."""
    prefix = key_prefix(secret.strip())
    if prefix is None:
        return None
    partner = Partner.objects.filter(key_prefix=prefix, active=True).first()
    if partner is None or not key_matches(secret.strip(), partner.key_digest):
        return None
    return partner
