"""allauth adapter: staff accounts only, never public sign-up."""

import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest

# Set when a person enrols their first authenticator; for a few minutes after, they may look at
# (not change) their new recovery codes without typing their password a second time.
ENROLLED_AT_KEY = "meldpunt_mfa_enrolled_at"
ENROLMENT_GRACE_SECONDS = 300


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed; accounts come from `meldpunt createuser`."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up on a hotline's system."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Enrolling the first authenticator follows sign-in at once, so no second password,
        and neither for reading the recovery codes that enrolment just made.

        Any later MFA change (a new device, removing one, new recovery codes) still asks
        for the password again.
        """
        request = self.request
        user = getattr(request, "user", None)
        if app != "allauth.mfa" or user is None or not user.is_authenticated:
            return super().is_reauthentication_required(app=app, **kwargs)
        if not Authenticator.objects.filter(user=user).exists():
            return False
        if request.method == "GET" and _just_enrolled(request):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def mark_enrolled(request: HttpRequest) -> None:
    """Remember in this session that its user has just enrolled their first authenticator."""
    request.session[ENROLLED_AT_KEY] = time.time()


def _just_enrolled(request: HttpRequest) -> bool:
    enrolled_at = request.session.get(ENROLLED_AT_KEY)
    return enrolled_at is not None and time.time() - enrolled_at < ENROLMENT_GRACE_SECONDS
