"""The viewer's derivatives as Debian's Chromium meets them: pages fetch nothing, copies play."""

import pytest

from meldpunt.core.viewing.images import derivative
from meldpunt.core.viewing.pages import render_page
from meldpunt.core.viewing.steps import RevealStep
from tests.support.imagesets import encode, sample
from tests.support.videos import video_with_sound
from tests.support.webserver import Route, local_site
from tests.unit.core.viewing.hostile_pages import HOSTILE, LOCAL_PATH, MEDIA, PAGE_URL

pytestmark = pytest.mark.e2e

HTML = {"Content-Type": "text/html; charset=utf-8"}


def document(body: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset=utf-8></head><body>{body}</body></html>".encode()
    )


@pytest.fixture
def tab(chromium):
    """A page in a fresh profile, with every request it makes and every dialog it opens."""
    context = chromium.new_context()
    page = context.new_page()
    page.requested, page.dialogs = [], []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def test_hostile_pages_make_the_browser_fetch_only_the_blurred_derivative(tab):
    # No CSP here: the rendering alone must be inert, whatever headers the viewer adds.
    rendered = "".join(
        f"<section>{render_page(snippet.encode(), PAGE_URL, MEDIA)}</section>"
        for snippet in [*HOSTILE.values(), '<img src="captured.jpg">']
    )
    blurred = derivative(encode(sample("chelsea.png"), "JPEG"), RevealStep.BLURRED)
    with local_site() as site:
        site.routes["/page"] = Route(document(rendered), headers=HTML)
        site.routes[LOCAL_PATH] = Route(blurred, headers={"Content-Type": "image/jpeg"})
        tab.goto(site.url("/page"))
        tab.wait_for_load_state("networkidle")
        assert tab.requested == [site.url("/page"), site.url(LOCAL_PATH)]
        assert tab.dialogs == []
        assert tab.evaluate("document.scripts.length + document.styleSheets.length") == 0
        assert tab.evaluate("document.querySelector('img.page-image').naturalWidth") == 320


def test_the_muted_copy_plays_without_sound_and_the_other_copy_with_it(tab, tmp_path):
    from meldpunt.core.viewing.video import muted_copy, with_audio_copy

    original = video_with_sound(tmp_path / "tone.mp4", seconds=3).read_bytes()
    player = '<video id="{0}" src="/{0}.webm" muted playsinline></video>'
    with local_site() as site:
        site.routes["/muted.webm"] = Route(
            muted_copy(original), headers={"Content-Type": "video/webm"}
        )
        site.routes["/sound.webm"] = Route(
            with_audio_copy(original), headers={"Content-Type": "video/webm"}
        )
        site.routes["/"] = Route(
            document(player.format("muted") + player.format("sound")), headers=HTML
        )
        tab.goto(site.url("/"))
        played = tab.evaluate(
            """async () => {
                const seen = {};
                for (const video of document.querySelectorAll('video')) {
                    await video.play();
                    await new Promise(done => setTimeout(done, 1500));
                    seen[video.id] = {
                        frames: video.getVideoPlaybackQuality().totalVideoFrames,
                        audio: video.webkitAudioDecodedByteCount,
                        error: video.error && video.error.code,
                    };
                }
                return seen;
            }"""
        )
    assert played["muted"]["error"] is None and played["muted"]["frames"] > 5
    assert played["muted"]["audio"] == 0
    assert played["sound"]["frames"] > 5 and played["sound"]["audio"] > 0
