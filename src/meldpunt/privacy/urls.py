"""Privacy officer URLs."""

from django.urls import path

from meldpunt.privacy import views

app_name = "privacy"
urlpatterns = [
    path("contacts/", views.sealed_contacts, name="contacts"),
    path("contacts/<str:receipt_code>/open/", views.open_sealed_contact, name="open"),
]
