"""allauth adapter: staff accounts only, never public sign-up."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class StaffOnlyAccountAdapter(DefaultAccountAdapter):
    """Sign-up is closed; accounts come from `meldpunt createuser`."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Nobody signs up on a hotline's system."""
        return False
