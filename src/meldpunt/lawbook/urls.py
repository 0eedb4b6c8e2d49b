"""Staff URLs for the hotline's own rule files."""

from django.urls import path

from meldpunt.lawbook import views

app_name = "lawbook"
urlpatterns = [
    path("", views.proposals, name="proposals"),
    path("approve/", views.approve_file, name="approve"),
]
