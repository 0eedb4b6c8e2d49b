"""Sign-ins, failed sign-ins and MFA changes go into the audit trail."""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from meldpunt.accounts.adapter import mark_enrolled
from meldpunt.accounts.models import User
from meldpunt.audit.services import Actor, record_event


@receiver(user_logged_in)
def _logged_in(sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    record_event(Actor.staff(user), "staff.login", user, {})


@receiver(user_logged_out)
def _logged_out(sender: object, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(Actor.staff(user), "staff.logout", user, {})


@receiver(user_login_failed)
def _login_failed(
    sender: str, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    record_event(Actor.anonymous(), "staff.login_failed", None, {"username": username})


@receiver(authenticator_added)
def _mfa_added(
    sender: type[Authenticator],
    request: HttpRequest | None,
    user: User,
    authenticator: Authenticator,
    **kwargs: Any,
) -> None:
    record_event(Actor.staff(user), "staff.mfa_added", user, {"type": authenticator.type})
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        mark_enrolled(request)


@receiver(authenticator_removed)
def _mfa_removed(
    sender: type[Authenticator],
    request: HttpRequest | None,
    user: User,
    authenticator: Authenticator,
    **kwargs: Any,
) -> None:
    record_event(Actor.staff(user), "staff.mfa_removed", user, {"type": authenticator.type})
