"""The job queue port: huey (immediate, as the tests configure it) and the fake that runs at
once do the same work for each message."""

import pytest

from meldpunt.audit.services import Actor
from meldpunt.bootstrap import parts
from meldpunt.capture.models import Capture
from meldpunt.core.hashing.pdq import pdq_exact
from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.jobs import HueyJobs
from meldpunt.lists.services import create_list, import_entries
from tests import factories
from tests.support.capture_photos import FRESH
from tests.support.cases import case_state
from tests.support.parts import FakeJobs, loopback_allowed, wired
from tests.support.webserver import Route, local_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["huey", "fake"])
def jobs(request):
    chosen = HueyJobs() if request.param == "huey" else FakeJobs(at_once=True)
    with local_site() as site, loopback_allowed(jobs=chosen):
        site.routes["/fresh.jpg"] = Route(FRESH)
        yield chosen, site.url("/fresh.jpg")


def listed_fresh():
    hash_list = create_list(
        "police", ListKind.POSITIVE, Actor.system(), classification=Classification.A1
    )
    line = f"pdq {pdq_exact(FRESH).original.hex}\n".encode()
    import_entries(hash_list, FORMATS["threatexchange"], line, Actor.system())


def test_a_capture_sent_is_run_and_nothing_is_left_waiting(jobs):
    queue, url = jobs
    factories.report(url)
    capture = Capture.objects.get(item__url=url)
    assert case_state(capture) == "awaiting_assessment"
    assert queue.pending_count() == 0


def test_a_lists_new_entries_are_matched_with_the_captures_awaiting_assessment(jobs):
    queue, url = jobs
    factories.report(url)
    listed_fresh()  # its import sends match_new_entries through the queue wired in
    assert case_state(Capture.objects.get(item__url=url)) == "settled_by_match"
    assert queue.pending_count() == 0


def test_captures_sent_to_be_matched_again_are_settled_by_a_list(jobs):
    queue, url = jobs
    factories.report(url)
    with wired(jobs=FakeJobs()):  # the import's own job is held back
        listed_fresh()
    capture = Capture.objects.get(item__url=url)
    assert case_state(capture) == "awaiting_assessment"
    queue.match_again([capture.pk], parts().known.revision())
    assert case_state(capture) == "settled_by_match"
