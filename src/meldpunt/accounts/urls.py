"""Account URLs that take precedence over allauth's own."""

from django.urls import path

import meldpunt.ids  # noqa: F401 (registers the <id:...> path converter)
from meldpunt.accounts import views

urlpatterns = [
    path("password/reset/", views.password_reset, name="account_reset_password"),
]

# The administrator's staff management, under /staff/people/.
staff_patterns = (
    [
        path("", views.staff_list, name="staff_list"),
        path("new/", views.staff_create, name="staff_create"),
        path("<id:pk>/", views.staff_detail, name="staff_detail"),
        path("<id:pk>/<slug:action>/", views.staff_action, name="staff_action"),
    ],
    "accounts",
)
