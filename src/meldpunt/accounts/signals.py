"""Sign-ins, failed sign-ins and MFA changes go into the audit trail."""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from meldpunt.accounts.adapter import mark_enrolled
from meldpunt.audit.services import Actor, record_event


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs) -> None:
    record_event(Actor.staff(user), "staff.login", user, {})


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        record_event(Actor.staff(user), "staff.logout", user, {})


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    record_event(Actor.anonymous(), "staff.login_failed", None, {"username": username})


@receiver(authenticator_added)
def _mfa_added(sender, request, user, authenticator, **kwargs) -> None:
    record_event(Actor.staff(user), "staff.mfa_added", user, {"type": authenticator.type})
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        mark_enrolled(request)


@receiver(authenticator_removed)
def _mfa_removed(sender, request, user, authenticator, **kwargs) -> None:
    record_event(Actor.staff(user), "staff.mfa_removed", user, {"type": authenticator.type})
