"""View decorator that admits only signed-in staff with one of the given roles."""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def role_required(roles: Iterable[str]) -> Callable[[View], View]:
    """Sign-in first; then a 403 for roles that may not see this page."""
    allowed = frozenset(roles)

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_role(*allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorate
