"""Staff URLs for capture."""

from django.urls import path

from meldpunt.capture import views

app_name = "capture"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("queue/", views.queue, name="queue"),
    path("failed/", views.failed, name="failed"),
    path("failed/retry/", views.retry, name="retry"),
]
