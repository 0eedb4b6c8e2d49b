"""A senior analyst corrects settled work: the correction names the assessment it corrects,
its verdicts replace the work's for every content of the group (also those a list match
settled since), every case records it, the own lists follow, and it is audited."""

import pytest
from django.test import Client
from django.utils import timezone, translation

from meldpunt.accounts.models import Role
from meldpunt.assess.assessing import AssessmentRefused, Findings, record_assessment
from meldpunt.assess.claims import CorrectionRefused, claim_for_correction, claim_next
from meldpunt.assess.models import AssessedWork, Assessment, WorkPolicy, WorkState
from meldpunt.assess.own_lists import NEGATIVE, POSITIVE
from meldpunt.audit.models import AuditEvent
from meldpunt.bootstrap import parts
from meldpunt.cases.models import Case, Verdict
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.law import Facts, shipped_law
from meldpunt.lists.index import lists_revision
from meldpunt.lists.models import HashListEntry
from tests import factories
from tests.support.capture_photos import COPY, LISTED, OTHER
from tests.support.webserver import Route

pytestmark = pytest.mark.django_db(transaction=True)

ABUSE = Facts.of("prepubescent", "real", "activity", "image")
ADULT = Facts.of("adult", "real", "none", "image")
NL = Hotline("NL", 31)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def site(local_site_reachable):
    local_site_reachable.routes.update(
        {
            "/first.jpg": Route(LISTED),
            "/again.jpg": Route(LISTED),
            "/resized.jpg": Route(COPY),
            "/beach.png": Route(OTHER),
        }
    )
    return local_site_reachable


@pytest.fixture
def settled(site):
    """first.jpg assessed and settled as abuse; the same bytes and a resized copy at new
    addresses settled since by the own list."""
    WorkPolicy.objects.update_or_create(pk=1, defaults={"assessments_for_list": 1})
    factories.report(site.url("/first.jpg"))
    analyst = factories.staff_user()
    assert claim_next(analyst, timezone.now()) is not None
    assert record_assessment(analyst, Findings(ABUSE), shipped_law(), NL, timezone.now()).settled
    parts().known.known_content(at_least=lists_revision())
    factories.report(site.url("/again.jpg"), site.url("/resized.jpg"))
    cases = [Case.objects.get(item__url=site.url(p)) for p in ("/first.jpg", "/again.jpg")]
    cases.append(Case.objects.get(item__url=site.url("/resized.jpg")))
    assert [c.state for c in cases] == ["assessed", "settled_by_match", "settled_by_match"]
    return AssessedWork.objects.get(state=WorkState.SETTLED), cases


def senior():
    return factories.staff_user(role=Role.SENIOR_ANALYST)


def correct(who, work, facts=ADULT, not_sure=False):
    claim_for_correction(who, work.pk, timezone.now())
    findings = Findings(facts, not_sure=not_sure)
    return record_assessment(who, findings, shipped_law(), NL, timezone.now())


def on_list(name, content):
    return HashListEntry.objects.filter(hash_list__name=name, sha256=content.sha256).exists()


def test_a_correction_reaches_every_case_verdict_and_own_list_entry(settled):
    work, cases = settled
    original = work.assessments.get()
    contents = {case.content for case in cases}
    assert len(contents) == 2 and {c.group_id for c in contents} == {work.group_id}
    assert on_list(POSITIVE, cases[0].content)  # the resized copy came later, by its PDQ

    recorded = correct(senior(), work)

    assert recorded.settled and not recorded.held
    correction = recorded.assessment
    assert (correction.kind, correction.corrects_id) == ("correction", original.pk)
    assert Assessment.objects.filter(work=work).count() == 2  # the first one is kept
    for content in contents:
        nl = Verdict.objects.get(content=content, jurisdiction="NL")
        assert (nl.source, nl.legality, nl.provenance["assessment"]) == (
            "assessment",
            "not_illegal",
            correction.pk,
        )
        assert nl.provenance["kind"] == "correction"
        assert on_list(NEGATIVE, content) and not on_list(POSITIVE, content)
    for case in cases:
        case.refresh_from_db()
        reviewed = case.events.get(kind="reviewed")
        assert reviewed.details["correction"] is True
        assert reviewed.details["corrects"] == original.pk
        assert reviewed.details["classification"] == "not_illegal"
    assert [c.state for c in cases] == ["assessed", "settled_by_match", "settled_by_match"]
    audited = AuditEvent.objects.get(action="assessment.corrected")
    assert audited.details["corrects"] == original.pk
    assert audited.details["classification"] == "not_illegal"
    work.refresh_from_db()
    assert work.state == WorkState.SETTLED


def test_only_a_senior_corrects_and_only_settled_work(settled, site):
    work, _ = settled
    with pytest.raises(CorrectionRefused, match="Only a senior analyst"):
        claim_for_correction(factories.staff_user(), work.pk, timezone.now())
    with pytest.raises(CorrectionRefused, match="not settled"):
        claim_for_correction(senior(), work.pk + 1000, timezone.now())
    factories.report(site.url("/beach.png"))
    busy = senior()
    assert claim_next(busy, timezone.now()).purpose == "assess"
    with pytest.raises(CorrectionRefused, match="You hold other work"):
        claim_for_correction(busy, work.pk, timezone.now())


def test_two_seniors_never_hold_the_same_work(settled):
    work, _ = settled
    first, second = senior(), senior()
    assert claim_for_correction(first, work.pk, timezone.now()).purpose == "correct"
    with pytest.raises(CorrectionRefused, match="Another analyst holds this work"):
        claim_for_correction(second, work.pk, timezone.now())


def test_a_correction_cannot_be_not_sure_and_nothing_is_written(settled):
    work, _ = settled
    who = senior()
    with pytest.raises(AssessmentRefused, match="cannot be marked 'not sure'"):
        correct(who, work, not_sure=True)
    assert work.assessments.count() == 1
    assert not AuditEvent.objects.filter(action="assessment.corrected").exists()


def test_the_settled_work_page_and_taking_work_for_correction(settled):
    work, _ = settled
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(senior())
    page = client.get("/staff/assess/settled/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    text = page.content.decode()
    assert f'data-work="{work.pk}"' in text and "baseline" in text
    taken = client.post(f"/staff/assess/settled/{work.pk}/correct/")
    assert taken.status_code == 302 and taken["Location"] == "/staff/assess/"
    workspace = client.get("/staff/assess/").content.decode()
    assert "a senior correction of settled work" in workspace
    assert "Settled as baseline (illegal in the hotline's own country)" in workspace
    refused = client.post("/staff/assess/settled/999999/correct/", follow=True)
    assert "nothing to correct" in refused.content.decode()


def test_an_analyst_may_not_see_the_settled_work_page(settled):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(factories.staff_user())
    assert client.get("/staff/assess/settled/").status_code == 403
