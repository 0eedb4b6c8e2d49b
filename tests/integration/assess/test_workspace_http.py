"""The workspace over raw HTTP, as a signed-in analyst: before any reveal, every image it
links to is a grey derivative at most 320 px wide, and every clear address answers 403; a
reveal is signed for its analyst and session, counted, and refused past the limit."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from meldpunt.assess.models import ExposureLimits, Reveal
from meldpunt.audit.models import AuditEvent
from meldpunt.cases.models import Case, Content
from tests import factories
from tests.support.capture_photos import FRESH, LISTED
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)
PROTECTED = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


@pytest.fixture
def captured(local_site_reachable):
    local_site_reachable.routes.update({"/a.jpg": Route(LISTED), "/b.jpg": Route(FRESH)})
    factories.report(local_site_reachable.url("/a.jpg"), local_site_reachable.url("/b.jpg"))
    assert Case.objects.filter(state="awaiting_assessment").count() == 2


def analyst_client() -> tuple[Client, object]:
    client, user = Client(HTTP_ACCEPT_LANGUAGE="en"), factories.staff_user()
    client.force_login(user)
    return client, user


def images_on(page: str) -> list[str]:
    return re.findall(r'<img[^>]* src="([^"]+)"', page)


def assert_protected(response) -> None:
    for name, value in PROTECTED.items():
        assert response[name] == value
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_before_a_reveal_only_grey_derivatives_320_wide_are_served(captured):
    client, _ = analyst_client()
    assert client.post("/staff/assess/claim/").status_code == 302
    page = client.get("/staff/assess/")
    assert_protected(page)
    sources = images_on(page.content.decode())
    assert sources and all("/blurred/" in src for src in sources)
    for src in sources:
        response = client.get(src)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert_protected(response)
        image = Image.open(io.BytesIO(response.content))
        assert image.mode == "L" and image.width <= 320
    held = {int(src.split("/")[-3]) for src in sources}
    other = Content.objects.exclude(pk__in=held).get()
    assert client.get(f"/staff/assess/content/{other.pk}/blurred/").status_code == 403
    assert client.get("/staff/assess/revealed/forged-token/").status_code == 403
    stranger, _ = analyst_client()
    assert stranger.get(sources[0]).status_code == 403  # not their work


def test_a_reveal_is_signed_for_its_analyst_and_session_and_ends_when_hidden(captured):
    client, user = analyst_client()
    client.post("/staff/assess/claim/")
    content = int(images_on(client.get("/staff/assess/").content.decode())[0].split("/")[-3])
    client.post("/staff/assess/reveal/", {"content": content, "step": "colour"})
    page = client.get("/staff/assess/").content.decode()
    [clear] = [src for src in images_on(page) if "/revealed/" in src]
    shown = client.get(clear)
    assert shown.status_code == 200 and Image.open(io.BytesIO(shown.content)).mode == "RGB"
    assert_protected(shown)
    other_session = Client()
    other_session.force_login(user)  # the same analyst, another sign-in
    assert other_session.get(clear).status_code == 403
    assert AuditEvent.objects.filter(action="content.revealed").count() == 1
    client.post("/staff/assess/hide/")
    assert client.get(clear).status_code == 403
    hidden = AuditEvent.objects.get(action="content.hidden")
    assert hidden.details["content"] == content and hidden.details["seconds"] >= 0
    assert Reveal.objects.get().ended_at is not None


def test_with_a_one_minute_day_the_reveal_is_refused_with_when_viewing_resumes(captured):
    ExposureLimits.objects.update_or_create(
        pk=1, defaults={"daily_minutes": 1, "session_minutes": 1, "reveal_minutes": 1}
    )
    client, user = analyst_client()
    client.post("/staff/assess/claim/")
    content = int(images_on(client.get("/staff/assess/").content.decode())[0].split("/")[-3])
    client.post("/staff/assess/reveal/", {"content": content, "step": "less_blurred"})
    Reveal.objects.filter(analyst=user).update(
        started_at=timezone.now() - timedelta(seconds=61), last_activity_at=timezone.now()
    )
    refused = client.post(
        "/staff/assess/reveal/", {"content": content, "step": "sharp_grey"}, follow=True
    )
    text = refused.content.decode()
    assert "viewing limit" in text and "Viewing can resume on" in text
    assert Reveal.objects.filter(analyst=user).count() == 1
    assert not [src for src in images_on(text) if "/revealed/" in src]


PAGE = b"""<!doctype html><html><head><title>t</title>
<script>alert(1)</script><link rel="stylesheet" href="https://elsewhere.example/x.css">
</head><body><h1>A page of words</h1><p onclick="alert(2)">Plain text stays readable.
<a href="https://elsewhere.example/next">next page</a></p>
<img src="/photo.jpg" alt="a photo"><img src="https://elsewhere.example/never.jpg">
</body></html>"""


def test_a_page_is_shown_as_safe_text_with_its_images_blurred_and_revealable(
    local_site_reachable,
):
    html = {"Content-Type": "text/html; charset=utf-8"}
    local_site_reachable.routes.update(
        {"/page.html": Route(PAGE, headers=html), "/photo.jpg": Route(FRESH)}
    )
    factories.report(local_site_reachable.url("/page.html"))
    page_case = Case.objects.get(item__url=local_site_reachable.url("/page.html"))
    assert page_case.state == "awaiting_assessment"
    Case.objects.exclude(pk=page_case.pk).update(state="assessed")  # the photo's own case
    client, _ = analyst_client()
    client.post("/staff/assess/claim/")
    page = client.get("/staff/assess/").content.decode()
    assert "A page of words" in page and "Plain text stays readable." in page
    assert "alert(" not in page and "elsewhere.example/x.css" not in page
    assert 'href="https://elsewhere' not in page and "onclick" not in page
    assert "Image not captured" in page  # the image from elsewhere was never fetched
    [photo] = {src for src in images_on(page) if "/blurred/" in src}  # in the page, and below it
    answer = client.get(photo)
    assert Image.open(io.BytesIO(answer.content)).mode == "L"
    content = int(photo.split("/")[-3])
    client.post("/staff/assess/reveal/", {"content": content, "step": "sharp_grey"})
    revealed = [
        s for s in images_on(client.get("/staff/assess/").content.decode()) if "/revealed/" in s
    ]
    assert len(revealed) == 1 and client.get(revealed[0]).status_code == 200
