"""Settled work feeds the hotline's own lists: the same content, or a resized copy, at a new
address is then settled by a match, and nobody is shown it again. End to end in process: a
real server on 127.0.0.1 and immediate jobs."""

import pytest
from django.utils import timezone

from meldpunt.assess.assessing import Findings, record_assessment
from meldpunt.assess.claims import claim_next
from meldpunt.assess.models import WorkPolicy
from meldpunt.assess.own_lists import NEGATIVE, POSITIVE
from meldpunt.bootstrap import parts
from meldpunt.capture.models import MatchRecord
from meldpunt.cases.models import Case, Verdict
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.law import Facts, shipped_law
from meldpunt.lists.index import lists_revision
from meldpunt.lists.models import HashListEntry
from tests import factories
from tests.support.capture_photos import COPY, LISTED, OTHER
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(local_site_reachable):
    local_site_reachable.routes.update(
        {
            "/first.jpg": Route(LISTED),
            "/again.jpg": Route(LISTED),
            "/resized.jpg": Route(COPY),
            "/beach.png": Route(OTHER),
            "/beach-again.png": Route(OTHER),
        }
    )
    return local_site_reachable


def case_of(url: str) -> Case:
    return Case.objects.get(item__url=url)


def settle(facts: Facts) -> None:
    analyst = factories.staff_user()
    assert claim_next(analyst, timezone.now()) is not None
    recorded = record_assessment(
        analyst, Findings(facts), shipped_law(), Hotline("NL", 31), timezone.now()
    )
    assert recorded.settled


def test_the_same_content_and_a_resized_copy_are_settled_by_the_own_list(site):
    WorkPolicy.objects.update_or_create(pk=1, defaults={"assessments_for_list": 1})
    factories.report(site.url("/first.jpg"))
    first = case_of(site.url("/first.jpg"))
    assert first.state == "awaiting_assessment"
    settle(Facts.of("prepubescent", "real", "activity", "image"))
    parts().known.known_content(at_least=lists_revision())  # as workers see within 2 s
    factories.report(site.url("/again.jpg"), site.url("/resized.jpg"))
    again, resized = case_of(site.url("/again.jpg")), case_of(site.url("/resized.jpg"))
    assert again.state == resized.state == "settled_by_match"
    for case in (again, resized):
        matched = MatchRecord.objects.filter(
            pk__in=case.events.get(kind="matched").details["matches"]
        )
        assert {m.list_name for m in matched} == {POSITIVE}
        assert all(m.entry.source_ref.startswith("assessment ") for m in matched)
    same = Verdict.objects.get(content=again.content, jurisdiction="NL")
    assert again.content_id == first.content_id and same.source == "assessment"
    copy = Verdict.objects.get(content=resized.content, jurisdiction="NL")
    assert (copy.source, copy.legality, copy.classification) == (
        "list_match",
        "illegal",
        "baseline",
    )
    assert {m["list"] for m in copy.provenance["matches"]} == {POSITIVE}
    assert claim_next(factories.staff_user(), timezone.now()) is None  # nothing left to see


def test_not_illegal_work_goes_on_the_negative_list_and_its_copies_wait_for_nobody(site):
    WorkPolicy.objects.update_or_create(pk=1, defaults={"assessments_for_list": 1})
    factories.report(site.url("/beach.png"))
    settle(Facts.of("prepubescent", "real", "nonsexual_nudity", "image"))
    factories.report(site.url("/beach-again.png"))
    case = case_of(site.url("/beach-again.png"))
    assert case.state == "assessed", "the same bytes inherit the settled assessment"
    assert case.events.get(kind="assessed").details["inherited"] is True
    assert list(HashListEntry.objects.values_list("hash_list__name", flat=True)) == [NEGATIVE]
