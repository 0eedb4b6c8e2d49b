"""Test data factories, in one place."""

import itertools

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from meldpunt.accounts.models import Role, User
from meldpunt.audit.services import Actor
from meldpunt.core.directory import Scope
from meldpunt.core.reports import DraftUrl, Medium, ReportDraft
from meldpunt.core.urls import normalise_url
from meldpunt.directory.services import create_api_client
from meldpunt.intake.models import Channel, Report
from meldpunt.intake.services import take_report

_counter = itertools.count(1)
PASSWORD = "a-long-test-password-42"


def staff_user(role: str = Role.ANALYST, with_mfa: bool = True) -> User:
    """A staff member, with a TOTP authenticator unless told otherwise."""
    admin = role == Role.ADMIN  # as accounts.services grants it
    user = User.objects.create_user(
        f"user{next(_counter)}", password=PASSWORD, role=role, is_staff=admin, is_superuser=admin
    )
    if with_mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


def partner(name: str | None = None, scopes: frozenset[Scope] = frozenset({Scope.REPORT})):
    """(API client, secret key): a partner sending reports, unless given other scopes."""
    return create_api_client(name or f"Partner {next(_counter)}", scopes, Actor.system())


def report(
    *urls: str, contact: str = "", medium: Medium = Medium.IMAGE, reference: str = ""
) -> Report:
    """A web report of the given URLs."""
    draft = ReportDraft(
        urls=tuple(DraftUrl(i, normalise_url(u)) for i, u in enumerate(urls, 1)),
        medium=medium,
        contact=contact,
        reference=reference,
    )
    return take_report(draft, channel=Channel.WEB, actor=Actor.public())
