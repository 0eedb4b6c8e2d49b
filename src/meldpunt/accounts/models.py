"""Staff users and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a staff member does at the hotline."""

    ANALYST = "analyst", _("Analyst")
    SENIOR_ANALYST = "senior_analyst", _("Senior analyst")
    MANAGER = "manager", _("Hotline manager")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A staff member; the public never has an account."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.ANALYST)

    def has_role(self, *roles: str) -> bool:
        """True when the user is active and holds one of the roles."""
        return self.is_active and self.role in roles
