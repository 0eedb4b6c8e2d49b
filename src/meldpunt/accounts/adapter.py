"""allauth adapter: staff accounts only, never public sign-up."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed; accounts come from `meldpunt createuser`."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up on a hotline's system."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Enrolling the first authenticator follows sign-in at once, so no second password.

        Any later MFA change (a new device, removing one, new recovery codes) still asks
        for the password again.
        """
        user = getattr(self.request, "user", None)
        enrolling = (
            app == "allauth.mfa"
            and user is not None
            and user.is_authenticated
            and not Authenticator.objects.filter(user=user).exists()
        )
        return False if enrolling else super().is_reauthentication_required(app=app, **kwargs)
