"""Public intake URLs."""

from django.urls import path

from meldpunt.intake.views import public

app_name = "intake"
urlpatterns = [
    path("", public.report_form, name="report"),
    path("receipt/", public.receipt, name="receipt"),
    path("status/", public.report_status, name="status"),
]
