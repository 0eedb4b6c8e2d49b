"""Settled work, for a senior analyst to correct: newest first, with the classification it was
settled with and by how many assessments. Nothing of the content is shown here; taking a row
for correction opens it in the workspace, blurred until revealed, as any other work."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import REVIEW_HELD_WORK
from meldpunt.assess.claims import CorrectionRefused, claim_for_correction
from meldpunt.assess.models import AssessedWork, Assessment, AssessmentKind, WorkState
from meldpunt.assess.views import protected

PAGE_SIZE = 25


@require_GET
@role_required(REVIEW_HELD_WORK)
def settled_work(request: StaffRequest) -> HttpResponse:
    """Settled work, most recently settled first."""
    latest = Assessment.objects.filter(work=OuterRef("pk")).order_by("-pk")
    settled = (
        AssessedWork.objects.filter(state=WorkState.SETTLED)
        .annotate(
            classification=Subquery(latest.values("classification")[:1]),
            own_legality=Subquery(latest.values("own_legality")[:1]),
            last_kind=Subquery(latest.values("kind")[:1]),
            assessed=Count("assessments"),
        )
        .order_by("-settled_at", "-pk")
    )
    page = Paginator(settled, PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = dict(AssessmentKind.choices)  # the annotation is a plain value: shown by its label
    rows = [
        {"work": work, "kind": kinds.get(getattr(work, "last_kind", ""), "")}
        for work in page.object_list
    ]
    context = {"page": page, "rows": rows}
    return protected(render(request, "assess/settled.html", context))


@require_POST
@role_required(REVIEW_HELD_WORK)
def correct(request: StaffRequest, work_id: int) -> HttpResponse:
    """Take the settled work for correction, and open it in the workspace."""
    try:
        claim_for_correction(request.user, work_id, timezone.now())
    except CorrectionRefused as refused:
        messages.error(request, str(refused))
        return redirect("assess:settled")
    request.session.pop("revealed", None)
    return redirect("assess:workspace")
