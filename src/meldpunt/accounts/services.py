"""Creating staff accounts."""

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from meldpunt.accounts.models import Role, User
from meldpunt.audit.services import Actor, record_event


class AccountError(ValueError):
    """The account cannot be made as asked; the message says why."""


def create_staff_user(username: str, password: str, role: Role, email: str = "") -> User:
    """Make a staff member; they set up MFA at first sign-in."""
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"a user named {username!r} already exists")
    user = User(username=username, email=email, role=role, is_staff=role == Role.ADMIN)
    user.is_superuser = role == Role.ADMIN
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        record_event(Actor.system(), "staff.created", user, {"role": role.value})
    return user
