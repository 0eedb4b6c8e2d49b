"""Staff URLs for the assessment workspace."""

from django.urls import path

import meldpunt.ids  # noqa: F401 (registers the <id:...> path converter)
from meldpunt.assess import corrections, figures, views
from meldpunt.assess import matches as list_matches

app_name = "assess"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("claim/", views.claim_next, name="claim"),
    path("release/", views.release, name="release"),
    path("record/", views.record, name="record"),
    path("content/<id:content_id>/blurred/", views.blurred, name="blurred"),
    path("reveal/", views.reveal, name="reveal"),
    path("revealed/<str:token>/", views.revealed, name="revealed"),
    path("hide/", views.hide, name="hide"),
    path("still-here/", views.still_here, name="still_here"),
    path("exposure/", figures.exposure, name="exposure"),
    path("matches/", list_matches.recent_matches, name="matches"),
    path("matches/reject/", list_matches.reject, name="reject_match"),
    path(
        "matches/content/<id:content_id>/blurred/",
        list_matches.match_blurred,
        name="match_blurred",
    ),
    path("rejections/", list_matches.rejections, name="rejections"),
    path("settled/", corrections.settled_work, name="settled"),
    path("settled/<id:work_id>/correct/", corrections.correct, name="correct"),
    path("rejections/<id:rejection_id>/confirm/", list_matches.confirm, name="confirm_rejection"),
    path("rejections/<id:rejection_id>/decline/", list_matches.decline, name="decline_rejection"),
]
