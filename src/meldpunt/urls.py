"""URL map: public intake, partner API, staff pages, accounts, admin."""

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from meldpunt.accounts.roles import EDIT_DIRECTORY
from meldpunt.accounts.urls import staff_patterns
from meldpunt.api.v1 import api

# The admin signs in through allauth, so its login also demands the second factor. Replacing
# the site's bound method is allauth's documented way (mypy refuses assigning to a method).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Meldpunt"


def _may_use_admin(request: HttpRequest) -> bool:
    """Administrators, and the roles that keep the directory (they see only its pages)."""
    user = request.user
    has_role = getattr(user, "has_role", None)
    return bool(user.is_active and (user.is_staff or (has_role and has_role(*EDIT_DIRECTORY))))


admin.site.has_permission = _may_use_admin  # type: ignore[method-assign]

urlpatterns = [
    path("", include("meldpunt.intake.urls")),
    path("api/v1/", api.urls),
    path("staff/", include("meldpunt.intake.staff_urls")),
    path("staff/privacy/", include("meldpunt.privacy.urls")),
    path("staff/people/", include(staff_patterns)),
    path("staff/capture/", include("meldpunt.capture.urls")),
    path("staff/groups/", include("meldpunt.cases.urls")),
    path("staff/assess/", include("meldpunt.assess.urls")),
    path("staff/law/", include("meldpunt.lawbook.urls")),
    path("accounts/", include("meldpunt.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler400 = "meldpunt.errors.bad_request"
handler403 = "meldpunt.errors.permission_denied"
handler404 = "meldpunt.errors.page_not_found"
handler500 = "meldpunt.errors.server_error"
