"""Recording assessments: facts to verdicts for the whole work, four eyes, the own lists."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from meldpunt.accounts.models import Role
from meldpunt.assess.assessing import AssessmentRefused, Findings, record_assessment
from meldpunt.assess.claims import claim_next
from meldpunt.assess.models import AssessedWork, Assessment, Claim, WorkPolicy, WorkState
from meldpunt.assess.own_lists import NEGATIVE, POSITIVE
from meldpunt.audit.models import AuditEvent
from meldpunt.cases.models import Case, Verdict
from meldpunt.core.assessment.details import Details, IndustryCategory
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.law import Facts, shipped_law
from meldpunt.lists.models import HashListEntry
from tests import factories
from tests.support.waiting import waiting_cases

pytestmark = pytest.mark.django_db(transaction=True)
HOTLINE = Hotline("NL", 31)
ABUSE = Facts.of("prepubescent", "real", "activity", "image")
NUDITY = Facts.of("prepubescent", "real", "nonsexual_nudity", "image")


def assess(analyst, facts=ABUSE, **more):
    return record_assessment(
        analyst, Findings(facts, **more), shipped_law(), HOTLINE, timezone.now()
    )


def timeline(case: Case) -> list[str]:
    return list(case.events.order_by("pk").values_list("kind", flat=True))


def needed(n: int) -> None:
    WorkPolicy.objects.update_or_create(pk=1, defaults={"assessments_for_list": n})


def test_one_decision_fans_out_to_the_whole_group_and_each_case_says_it_inherited():
    needed(2)
    first, second = waiting_cases(1, per_group=2)
    analyst = factories.staff_user()
    claim = claim_next(analyst, timezone.now())
    recorded = assess(analyst)
    assert (recorded.held, recorded.settled, recorded.cases) == (False, False, 2)
    for case in (first, second):
        case.refresh_from_db()
        assert case.state == "assessed" and timeline(case)[-1] == "assessed"
        nl = Verdict.objects.get(content=case.content, jurisdiction="NL")
        assert (nl.legality, nl.baseline, nl.classification, nl.source) == (
            "illegal",
            "yes",
            "baseline",
            "assessment",
        )
        assert nl.provenance["assessment"] == recorded.assessment.pk
        assert nl.rule_version.endswith("@2026.1")
    inherited = {c.pk: c.events.get(kind="assessed").details["inherited"] for c in (first, second)}
    assert inherited == {first.pk: claim.case_id != first.pk, second.pk: claim.case_id != second.pk}
    assert set(Verdict.objects.values_list("jurisdiction", flat=True)) == {"NL", "BE", "UK", "US"}
    assert not Claim.objects.exists()
    assert AuditEvent.objects.filter(action="assessment.recorded").count() == 1
    assert AssessedWork.objects.get().state == WorkState.CONFIRMING
    assert not HashListEntry.objects.exists()  # one assessment is not enough for the list


def test_an_independent_confirmation_settles_the_work_onto_the_own_list():
    needed(2)
    [case] = waiting_cases(1)
    one, two = factories.staff_user(), factories.staff_user()
    claim_next(one, timezone.now())
    assess(one)
    assert claim_next(one, timezone.now()) is None  # nobody confirms their own assessment
    confirming = claim_next(two, timezone.now())
    assert confirming.purpose == "confirm" and confirming.case_id == case.pk
    recorded = assess(two)
    assert recorded.settled and not recorded.held
    entry = HashListEntry.objects.get()
    assert entry.hash_list.name == POSITIVE and entry.sha256 == case.content.sha256
    assert entry.classification == "baseline"
    assert AuditEvent.objects.filter(action="lists.assessed").count() == 1
    assert timeline(Case.objects.get(pk=case.pk))[-1] == "assessed"  # it moved on at once


def test_two_who_disagree_hold_the_case_until_a_senior_settles_it():
    needed(2)
    [case] = waiting_cases(1)
    one, two = factories.staff_user(), factories.staff_user()
    senior = factories.staff_user(Role.SENIOR_ANALYST)
    claim_next(one, timezone.now())
    assess(one)
    claim_next(two, timezone.now())
    assert assess(two, NUDITY).held
    case.refresh_from_db()
    assert case.state == "awaiting_review" and timeline(case)[-1] == "held"
    assert AssessedWork.objects.get().state == WorkState.IN_REVIEW
    review = claim_next(senior, timezone.now())
    assert review.purpose == "review"
    recorded = assess(senior, NUDITY)
    assert recorded.settled and not recorded.held
    case.refresh_from_db()
    assert case.state == "assessed" and timeline(case)[-1] == "reviewed"
    nl = Verdict.objects.get(content=case.content, jurisdiction="NL")
    assert (nl.legality, nl.classification) == ("not_illegal", "not_illegal")
    assert HashListEntry.objects.get().hash_list.name == NEGATIVE


@pytest.mark.parametrize(
    ("facts", "not_sure"),
    [(ABUSE, True), (Facts.of("unknown", "real", "activity", "image"), False)],
    ids=["not sure", "doubtful under the own law"],
)
def test_not_sure_or_doubtful_goes_to_a_senior_at_once(facts, not_sure):
    needed(1)
    [case] = waiting_cases(1)
    analyst = factories.staff_user()
    claim_next(analyst, timezone.now())
    recorded = assess(analyst, facts, not_sure=not_sure)
    assert recorded.held and not recorded.settled
    case.refresh_from_db()
    assert case.state == "awaiting_review"
    assert claim_next(factories.staff_user(), timezone.now()) is None  # not for analysts
    assert claim_next(factories.staff_user(Role.SENIOR_ANALYST), timezone.now()).purpose == (
        "review"
    )
    assert not HashListEntry.objects.exists()


def test_contradicting_facts_or_a_lapsed_claim_record_nothing():
    [case] = waiting_cases(1)
    analyst = factories.staff_user()
    claim = claim_next(analyst, timezone.now())
    with pytest.raises(AssessmentRefused) as refused:
        assess(
            analyst,
            Facts.of("adult", "real", "activity", "image"),
            details=Details(industry_category=IndustryCategory.A1),
        )
    assert refused.value.reason == "facts" and "prepubescent" in str(refused.value)
    Claim.objects.filter(pk=claim.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(AssessmentRefused) as lapsed, translation.override("en"):
        assess(analyst)
    assert lapsed.value.reason == "claim" and "lapsed" in str(lapsed.value)
    with pytest.raises(AssessmentRefused) as in_dutch, translation.override("nl"):
        assess(analyst)
    assert "Je claim op dit werk is verlopen" in str(in_dutch.value)  # said in their language
    assert not Assessment.objects.exists() and not Verdict.objects.exists()
    case.refresh_from_db()
    assert case.state == "awaiting_assessment"


def test_a_senior_review_cannot_be_not_sure():
    needed(1)
    waiting_cases(1)
    analyst, senior = factories.staff_user(), factories.staff_user(Role.SENIOR_ANALYST)
    claim_next(analyst, timezone.now())
    assess(analyst, not_sure=True)
    claim_next(senior, timezone.now())
    with pytest.raises(AssessmentRefused) as refused:
        assess(senior, not_sure=True)
    assert refused.value.reason == "not_sure"
    assert Claim.objects.filter(analyst=senior).exists()  # still theirs to finish
