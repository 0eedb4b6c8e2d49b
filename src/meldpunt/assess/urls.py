"""Staff URLs for the assessment workspace."""

from django.urls import path

from meldpunt.assess import figures, views

app_name = "assess"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("claim/", views.claim_next, name="claim"),
    path("release/", views.release, name="release"),
    path("record/", views.record, name="record"),
    path("content/<int:content_id>/blurred/", views.blurred, name="blurred"),
    path("reveal/", views.reveal, name="reveal"),
    path("revealed/<str:token>/", views.revealed, name="revealed"),
    path("hide/", views.hide, name="hide"),
    path("still-here/", views.still_here, name="still_here"),
    path("exposure/", figures.exposure, name="exposure"),
]
