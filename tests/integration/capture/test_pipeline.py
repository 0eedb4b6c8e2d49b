"""The capture pipeline end to end in-process: a real server on 127.0.0.1, immediate jobs."""

import pytest
from django.test import override_settings

from meldpunt.bootstrap import parts
from meldpunt.capture.models import Capture, MatchRecord
from meldpunt.capture.services import delete_expired_content
from meldpunt.capture.states import CaptureState
from tests import factories
from tests.support.capture_photos import COPY, FRESH, OTHER
from tests.support.cases import case_state
from tests.support.parts import wired
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(local_site_reachable):
    page = (
        b"<!doctype html><html><head>"
        b'<meta property="og:image" content="/other.png"></head>'
        b'<body><img src="/copy.jpg"><img srcset="/fresh.jpg 2x">'
        b'<a href="/missing.jpg">x</a></body></html>'
    )
    routes = {
        "/copy.jpg": Route(COPY, headers={"Content-Type": "image/jpeg"}),
        "/fresh.jpg": Route(FRESH),
        "/other.png": Route(OTHER),
        "/broken.jpg": Route(FRESH[:1500]),
        "/page.html": Route(page, headers={"Content-Type": "text/html; charset=utf-8"}),
    }
    local_site_reachable.routes.update(routes)
    return local_site_reachable


def capture_of(url: str) -> Capture:
    return Capture.objects.select_related("item").get(item__url=url)


def test_direct_images_are_captured_matched_and_routed(site, police_list):
    factories.report(site.url("/copy.jpg"), site.url("/fresh.jpg"))
    copy, fresh = capture_of(site.url("/copy.jpg")), capture_of(site.url("/fresh.jpg"))
    assert case_state(copy) == "settled_by_match"
    [match] = MatchRecord.objects.filter(capture=copy)
    assert (match.list_name, match.outcome, match.classification) == ("police", "stands", "A1")
    assert 0 < match.distance <= 31 and match.variant == "original"
    assert case_state(fresh) == "awaiting_assessment" and not fresh.matches.exists()
    assert fresh.kind == "image" and len(fresh.sha256) == 64 and fresh.pdq_quality >= 50
    assert fresh.hosting.addresses[0]["address"] == "127.0.0.1"
    assert fresh.served_from == "127.0.0.1" and fresh.attempts == 1


def test_a_page_becomes_a_page_item_with_child_media(site, police_list):
    factories.report(site.url("/page.html"))
    page = capture_of(site.url("/page.html"))
    assert page.kind == "html" and case_state(page) == "awaiting_assessment"
    children = {c.item.url: c for c in page.children.select_related("item")}
    assert set(children) == {
        site.url(p) for p in ("/other.png", "/copy.jpg", "/fresh.jpg", "/missing.jpg")
    }
    assert case_state(children[site.url("/copy.jpg")]) == "settled_by_match"
    assert case_state(children[site.url("/other.png")]) == "awaiting_assessment"
    assert children[site.url("/missing.jpg")].state == CaptureState.FAILED_FINAL
    assert "HTTP 404" in children[site.url("/missing.jpg")].error


def test_reporting_a_page_twice_duplicates_nothing(site, police_list):
    factories.report(site.url("/page.html"))
    factories.report(site.url("/page.html"), site.url("/fresh.jpg"))
    assert Capture.objects.count() == 5
    assert MatchRecord.objects.count() == 1


def test_the_store_holds_no_plain_bytes_of_any_served_file(site, police_list, settings):
    factories.report(site.url("/page.html"))
    stored = b"".join(
        p.read_bytes() for p in settings.MELDPUNT_CONTENT_DIR.rglob("*") if p.is_file()
    )
    assert stored
    for served in (COPY, FRESH, OTHER, site.routes["/page.html"].body):
        for start in range(0, len(served) - 24, max(1, len(served) // 50)):
            assert served[start : start + 24] not in stored


def test_broken_media_is_hashed_with_a_clear_problem(site):
    factories.report(site.url("/broken.jpg"))
    broken = capture_of(site.url("/broken.jpg"))
    assert case_state(broken) == "awaiting_assessment"
    assert broken.media_problem == "damaged" and broken.pdq == "" and len(broken.sha256) == 64


def test_refused_addresses_fail_with_clear_errors_and_no_retry(site):
    with override_settings(MELDPUNT_FETCH_ALLOW_LOOPBACK=False), wired():
        factories.report(site.url("/fresh.jpg"))
    refused = capture_of(site.url("/fresh.jpg"))
    assert refused.state == CaptureState.FAILED_FINAL
    assert "loopback address 127.0.0.1" in refused.error
    assert site.hits == []


def test_retention_deletes_content_but_keeps_hashes(site, settings):
    factories.report(site.url("/fresh.jpg"))
    capture = capture_of(site.url("/fresh.jpg"))
    stored = (capture.content_object, capture.thumbnail_object)
    store = parts().content_store
    assert all(store.exists(object_id) for object_id in stored)
    settings.MELDPUNT_CONTENT_RETENTION_DAYS = 1
    Capture.objects.filter(pk=capture.pk).update(fetched_at=capture.fetched_at.replace(year=2020))
    assert delete_expired_content(store, parts().clock) == 1
    capture.refresh_from_db()
    assert capture.content_object == "" and capture.content_deleted_at is not None
    assert len(capture.sha256) == 64 and capture.pdq
    assert not any(store.exists(object_id) for object_id in stored)
