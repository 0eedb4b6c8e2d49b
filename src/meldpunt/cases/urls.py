"""Staff URLs for near-copy groups."""

from django.urls import path

import meldpunt.ids  # noqa: F401 (registers the <id:...> path converter)
from meldpunt.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.groups, name="groups"),
    path("<id:group_id>/", views.group, name="group"),
    path("<id:group_id>/split/", views.split, name="split"),
]
