"""Staff URLs for reports."""

from django.urls import path

from meldpunt.intake.views import staff

app_name = "staff"
urlpatterns = [
    path("", staff.home, name="home"),
    path("reports/", staff.report_list, name="reports"),
    path("reports/<str:receipt_code>/", staff.report_detail, name="report"),
]
