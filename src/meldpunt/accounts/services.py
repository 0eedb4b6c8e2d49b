"""Staff accounts: making them, and the administrator's changes to them, each audited."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meldpunt.accounts.models import Role, User
from meldpunt.audit.services import Actor, record_event


class AccountError(ValueError):
    """The account cannot be made or changed as asked; the message says why."""


def create_staff_user(
    username: str, password: str | None, role: Role, email: str = "", by: Actor | None = None
) -> User:
    """Make a staff member; they set up MFA at first sign-in. Without a password they set
    their own through a reset link."""
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(_("Someone already has the username %(name)s.") % {"name": username})
    user = User(username=username, email=email, role=role)
    _grant_role(user, role)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    with transaction.atomic():
        user.save()
        record_event(by or Actor.system(), "staff.created", user, {"role": role.value})
    return user


def disable_staff(user: User, by: User) -> None:
    """A leaver: they can no longer sign in, and their open sessions stop working."""
    if user.pk == by.pk:
        raise AccountError(_("You cannot disable your own account."))
    with transaction.atomic():
        _lock(user)
        _keep_an_administrator(user, losing=user.role == Role.ADMIN)
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = end_sessions(user)
        record_event(Actor.staff(by), "staff.disabled", user, {"sessions_ended": ended})


def enable_staff(user: User, by: User) -> None:
    """Let a disabled account sign in again."""
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        record_event(Actor.staff(by), "staff.enabled", user, {})


def change_role(user: User, role: Role, by: User) -> None:
    """Give a staff member another role; the admin flags follow the role."""
    if user.role == role:
        return
    if user.pk == by.pk:
        raise AccountError(_("You cannot change your own role; ask another administrator."))
    with transaction.atomic():
        _lock(user)
        _keep_an_administrator(user, losing=user.role == Role.ADMIN)
        before = user.role
        _grant_role(user, role)
        user.save(update_fields=["role", "is_staff", "is_superuser"])
        record_event(Actor.staff(by), "staff.role_changed", user, {"from": before, "to": role})


def reset_mfa(user: User, by: User) -> int:
    """Remove every authenticator (app and recovery codes): they enrol again at sign-in."""
    with transaction.atomic():
        removed, _ = Authenticator.objects.filter(user=user).delete()
        # Whoever holds one of their sessions (a stolen laptop) must not enrol a new app in it.
        ended = end_sessions(user)
        details = {"removed": removed, "sessions_ended": ended}
        record_event(Actor.staff(by), "staff.mfa_reset", user, details)
    return removed


def end_sessions(user: User) -> int:
    """Sign the person out everywhere: every live session of theirs is deleted."""
    live = Session.objects.filter(expire_date__gt=timezone.now())
    theirs = [s.pk for s in live.iterator() if s.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(pk__in=theirs).delete()
    return len(theirs)


def make_password_reset_path(user: User, by: User) -> str:
    """A one-time path to set a new password, for the administrator to hand over. It stops
    working once used, or when the password changes, or after PASSWORD_RESET_TIMEOUT."""
    if not user.is_active:
        raise AccountError(_("Enable the account first: a disabled account cannot sign in."))
    key = default_token_generator.make_token(user)
    path = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key}
    )
    record_event(Actor.staff(by), "staff.password_reset_link_made", user, {})
    return path


def _grant_role(user: User, role: Role) -> None:
    user.role = role
    user.is_staff = user.is_superuser = role == Role.ADMIN


def _lock(user: User) -> None:
    User.objects.select_for_update().filter(pk=user.pk).first()


def _keep_an_administrator(user: User, losing: bool) -> None:
    # The active administrators are locked, so two who disable each other at the same moment
    # cannot leave the hotline with none.
    admins = User.objects.select_for_update().filter(role=Role.ADMIN, is_active=True)
    if losing and not [pk for pk in admins.values_list("pk", flat=True) if pk != user.pk]:
        raise AccountError(
            _("This is the last active administrator; make someone else administrator first.")
        )
