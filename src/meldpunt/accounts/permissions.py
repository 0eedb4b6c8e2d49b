"""View decorator that admits only signed-in staff with one of the given roles."""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_htmx.middleware import HtmxDetails

from meldpunt.accounts.models import User

View = Callable[..., HttpResponse]


class StaffRequest(HttpRequest):
    """A request that role_required let through: its user is a signed-in staff member, never
    anonymous. (A type for views only: at run time it is the ordinary request.)"""

    user: User
    htmx: HtmxDetails  # django-htmx's middleware sets it on every request


def role_required(roles: Iterable[str]) -> Callable[[View], View]:
    """Sign-in first; then a 403 for roles that may not see this page."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: StaffRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorate
