"""Recording an assessment: the analyst's facts become verdicts under the law for every
content of the work, each case inherits them, four eyes hold what needs a second person, and
settled work enters the hotline's own lists.

Four eyes: a doubtful verdict under the hotline's own law, an analyst's own "not sure", or
two analysts who disagree, hold the work for a senior analyst; its cases wait
(`awaiting_review`) and nothing routes them until the senior's review settles it. Work that
is not held needs `assessments_for_list` agreeing independent assessments (the work policy)
before it is settled; its cases move on after the first.

A senior analyst may correct settled work: the correction is a new assessment that names the
one it corrects. Its verdicts replace the work's for every content of the group, each case
records it (`reviewed`, as a correction), and the work's entries move to the own list its
new classification belongs to (or off both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from meldpunt.accounts.models import User
from meldpunt.assess.claims import policy
from meldpunt.assess.models import (
    AssessedWork,
    Assessment,
    AssessmentKind,
    Claim,
    ClaimPurpose,
    WorkState,
)
from meldpunt.assess.own_lists import list_settled
from meldpunt.assess.viewing import end_reveals
from meldpunt.audit.services import Actor, record_event
from meldpunt.cases.models import Case, Content
from meldpunt.cases.timeline import Happened, locked_cases, record
from meldpunt.cases.verdicts import record_verdicts
from meldpunt.core.assessment.details import Details, iccam_fields, inconsistencies
from meldpunt.core.cases.hotline import Hotline
from meldpunt.core.cases.timeline import CaseState, EventKind
from meldpunt.core.cases.verdicts import Legality, VerdictDraft, VerdictSource
from meldpunt.core.law import Evaluation, Facts, Law, iccam_classification

E, S = EventKind, CaseState
KIND_OF = {
    ClaimPurpose.ASSESS: AssessmentKind.FIRST,
    ClaimPurpose.CONFIRM: AssessmentKind.CONFIRMATION,
    ClaimPurpose.REVIEW: AssessmentKind.REVIEW,
    ClaimPurpose.CORRECT: AssessmentKind.CORRECTION,
}
SENIOR = (ClaimPurpose.REVIEW, ClaimPurpose.CORRECT)  # these settle the work themselves


class AssessmentRefused(Exception):
    """The assessment cannot be recorded; `reason` is a code, the message says what to do."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Findings:
    """What the analyst recorded."""

    facts: Facts
    details: Details = field(default_factory=Details)
    not_sure: bool = False


@dataclass(frozen=True)
class Recorded:
    """An assessment as recorded, and what it did."""

    assessment: Assessment
    held: bool
    settled: bool
    cases: int  # the cases that took the assessment (inherited or their own)


def record_assessment(
    analyst: User, findings: Findings, law: Law, hotline: Hotline, now: datetime
) -> Recorded:
    """Record the analyst's findings on the work they hold, and release their claim."""
    problems = inconsistencies(findings.facts, findings.details)
    if problems:
        raise AssessmentRefused("facts", _sentence(problems))
    evaluation = law.evaluate(findings.facts, hotline.country)
    with transaction.atomic():
        claim = _live_claim(analyst, now)
        purpose = ClaimPurpose(claim.purpose)
        if purpose in SENIOR and findings.not_sure:
            raise AssessmentRefused("not_sure", _(NOT_SURE_IN_REVIEW))
        work = _work(claim)
        contents = _contents(claim.case)
        held = _needs_four_eyes(work, purpose, findings, evaluation)
        assessment = _store(work, claim, KIND_OF[purpose], findings, evaluation, held, now)
        settled = _advance_work(work, purpose, held, now)
        _write_verdicts(assessment, contents, evaluation, Actor.staff(analyst), now)
        cases = _advance_cases(assessment, contents, held, purpose, Actor.staff(analyst), now)
        action = "corrected" if purpose is ClaimPurpose.CORRECT else "recorded"
        record_event(Actor.staff(analyst), f"assessment.{action}", None, _audited(assessment))
        if settled:
            list_settled(work, assessment, contents, Actor.staff(analyst))
        end_reveals(analyst, now)
        claim.delete()
    return Recorded(assessment, held, settled, cases)


NOT_SURE_IN_REVIEW = gettext_noop(
    "A review or correction settles the work, so it cannot be marked 'not sure'. Record the "
    "facts you can stand behind, or give the work back so that another senior analyst does."
)


def _sentence(problems: Sequence[str]) -> str:
    joined = "; ".join(problems)
    return f"These facts contradict each other: {joined}. Correct them and record again."


def _live_claim(analyst: User, now: datetime) -> Claim:
    claim = Claim.objects.select_for_update().select_related("case").filter(analyst=analyst)
    found = claim.first()
    if found is None or found.expires_at <= now:
        raise AssessmentRefused(
            "claim",
            _(
                "Your claim on this work has lapsed, so another analyst may hold it now. "
                "Nothing was recorded; take the next case from the queue."
            ),
        )
    return found


def _work(claim: Claim) -> AssessedWork:
    content = claim.case.content
    work, _ = AssessedWork.objects.select_for_update().get_or_create(
        work=claim.work,
        defaults={
            "case": claim.case,
            "content": content,
            "group_id": content.group_id if content else None,
            "state": WorkState.CONFIRMING,
        },
    )
    return work


def _contents(case: Case) -> list[Content]:
    """Every content the work covers: the whole near-copy group, or the case's content."""
    content = case.content
    if content is None:
        return []
    if content.group_id is None:
        return [content]
    return list(Content.objects.filter(group=content.group_id).order_by("pk"))


def _needs_four_eyes(
    work: AssessedWork, purpose: ClaimPurpose, findings: Findings, evaluation: Evaluation
) -> bool:
    if purpose in SENIOR:
        return False  # the senior's review (or correction) is the second pair of eyes
    if findings.not_sure or evaluation.own.outcome is Legality.DOUBTFUL:
        return True
    return any(_disagree(earlier, evaluation) for earlier in _standing(work))


def _standing(work: AssessedWork) -> list[Assessment]:
    """The assessments that count now: the latest review or correction and those since."""
    latest = work.assessments.filter(kind__in=SETTLING).order_by("-pk").first()
    since = work.assessments.filter(pk__gte=latest.pk) if latest else work.assessments.all()
    return list(since.order_by("pk"))


SETTLING = (AssessmentKind.REVIEW, AssessmentKind.CORRECTION)


def _disagree(earlier: Assessment, evaluation: Evaluation) -> bool:
    return (earlier.classification, earlier.own_legality) != (
        evaluation.iccam.value,
        evaluation.own.outcome.value,
    )


def _store(
    work: AssessedWork,
    claim: Claim,
    kind: AssessmentKind,
    findings: Findings,
    evaluation: Evaluation,
    held: bool,
    now: datetime,
) -> Assessment:
    facts = findings.facts
    corrects = None
    if kind is AssessmentKind.CORRECTION:  # the latest: the one that settled the work
        corrects = work.assessments.order_by("-pk").first()
    return Assessment.objects.create(
        work=work,
        kind=kind,
        corrects=corrects,
        case=claim.case,
        analyst=claim.analyst,
        made_at=now,
        age=facts.age.value,
        realism=facts.realism.value,
        sexual=facts.sexual.value,
        medium=facts.medium.value,
        not_sure=findings.not_sure,
        details=_details(findings.details),
        iccam=iccam_fields(facts, findings.details),
        outcome=evaluation.as_record(),
        classification=evaluation.iccam.value,
        own_legality=evaluation.own.outcome.value,
        held=held,
    )


def _details(details: Details) -> dict[str, Any]:
    """The details given, as JSON (enums are str and int; the payment methods a list)."""
    found = {k: v for k, v in asdict(details).items() if v is not None and v != ()}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in found.items()}


def _advance_work(work: AssessedWork, purpose: ClaimPurpose, held: bool, now: datetime) -> bool:
    """The work's new standing; True if this assessment settled it."""
    if held:
        work.state, work.agreeing = WorkState.IN_REVIEW, 0
    elif purpose in SENIOR:
        work.state, work.agreeing = WorkState.SETTLED, 1
    else:
        work.agreeing += 1
        if work.agreeing >= policy().assessments_for_list:
            work.state = WorkState.SETTLED
    settled = work.state == WorkState.SETTLED
    work.settled_at = now if settled else None
    work.save(update_fields=["state", "agreeing", "settled_at"])
    return settled


def _write_verdicts(
    assessment: Assessment,
    contents: Sequence[Content],
    evaluation: Evaluation,
    actor: Actor,
    now: datetime,
) -> None:
    drafts = verdict_drafts(evaluation)
    record_verdicts(
        [
            (content, draft, _provenance(assessment, content, evaluation, draft))
            for content in contents
            for draft in drafts
        ],
        actor,
        now,
    )


def verdict_drafts(evaluation: Evaluation) -> list[VerdictDraft]:
    """A verdict per jurisdiction; each classification is relative to that jurisdiction."""
    baseline = evaluation.baseline.outcome
    return [
        VerdictDraft(
            code,
            decision.outcome,
            baseline,
            iccam_classification(baseline, decision.outcome),
            VerdictSource.ASSESSMENT,
            f"{decision.rule_id}@{decision.version}"[:60],
        )
        for code, decision in evaluation.jurisdictions.items()
    ]


def _provenance(
    assessment: Assessment, content: Content, evaluation: Evaluation, draft: VerdictDraft
) -> dict[str, Any]:
    return {
        "assessment": assessment.pk,
        "kind": assessment.kind,
        "assessed_content": assessment.work.content_id,
        "inherited": content.pk != assessment.case.content_id,
        "baseline_rule": f"{evaluation.baseline.rule_id}@{evaluation.baseline.version}",
        "held": assessment.held,
    }


def _advance_cases(
    assessment: Assessment,
    contents: Sequence[Content],
    held: bool,
    purpose: ClaimPurpose,
    actor: Actor,
    now: datetime,
) -> int:
    """Each case of the work's contents takes the assessment: waiting cases are assessed
    (inheriting it, unless it is their own), held ones wait for review, reviewed ones go on."""
    ids = Case.objects.filter(content__in=contents).values_list("item_id", flat=True)
    cases = locked_cases(list(ids))
    happened = [
        event for case in cases.values() for event in _case_steps(case, assessment, held, purpose)
    ]
    record(happened, actor, {case.pk: case for case in cases.values()}, now)
    return len({event.case_id for event in happened})


def _case_steps(
    case: Case, assessment: Assessment, held: bool, purpose: ClaimPurpose
) -> list[Happened]:
    details = {
        "assessment": assessment.pk,
        "inherited": case.pk != assessment.case_id,
        "classification": assessment.classification,
    }
    state = CaseState(case.state)
    steps = []
    if state is S.AWAITING_ASSESSMENT:
        steps.append(Happened(case.pk, E.ASSESSED, details))
        state = S.ASSESSED
    if held and state in (S.ASSESSED, S.SETTLED_BY_MATCH):
        steps.append(Happened(case.pk, E.HELD, {"assessment": assessment.pk}))
    elif purpose is ClaimPurpose.REVIEW and state is S.AWAITING_REVIEW:
        steps.append(Happened(case.pk, E.REVIEWED, details))
    elif purpose is ClaimPurpose.CORRECT and state in CORRECTABLE:
        corrected = {**details, "correction": True, "corrects": assessment.corrects_id}
        steps.append(Happened(case.pk, E.REVIEWED, corrected))
    return steps


# Cases a correction reaches: decided, and neither removed nor closed (their timelines end).
CORRECTABLE = frozenset({S.ASSESSED, S.SETTLED_BY_MATCH, S.ROUTED, S.NOTICED})


def _audited(assessment: Assessment) -> dict[str, Any]:
    return {
        "assessment": assessment.pk,
        "work": assessment.work.work,
        "kind": assessment.kind,
        "case": assessment.case_id,
        "classification": assessment.classification,
        "own_legality": assessment.own_legality,
        "held": assessment.held,
        "outcome": assessment.outcome,
        "corrects": assessment.corrects_id,
    }
