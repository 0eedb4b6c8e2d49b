"""Staff URLs for near-copy groups."""

from django.urls import path

from meldpunt.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.groups, name="groups"),
    path("<int:group_id>/", views.group, name="group"),
    path("<int:group_id>/split/", views.split, name="split"),
]
