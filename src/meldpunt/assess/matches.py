"""Recent list matches, for an analyst to question, and the rejections seniors decide.

Nothing of the content is shown by default, nor the address it was found at: a row names the
list, how it matched, the entry's classification, the case and when. On request one row shows
the blurred grey derivative of its content, served to assessing roles only for contents a list
match settled (or a pending rejection names), with the workspace's `protected` headers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import ASSESS, REVIEW_HELD_WORK
from meldpunt.assess.rejections import (
    REASON_LIMIT,
    RejectionRefused,
    confirm_rejection,
    decline_rejection,
    reject_match,
)
from meldpunt.assess.viewing import ViewingRefused, blurred_derivative
from meldpunt.assess.views import protected, served
from meldpunt.bootstrap import parts
from meldpunt.capture.models import MatchRecord
from meldpunt.cases.models import Case, Content
from meldpunt.core.cases.timeline import CaseState
from meldpunt.ids import submitted_id
from meldpunt.lists.models import MatchRejection, RejectionState

PAGE_SIZE = 25
SETTLED = CaseState.SETTLED_BY_MATCH.value


@dataclass(frozen=True)
class MatchRow:
    """One standing match of a settled case, as the page shows it."""

    case: Case
    match: MatchRecord
    at: datetime
    pending: bool


@require_GET
@role_required(ASSESS)
def recent_matches(request: StaffRequest) -> HttpResponse:
    """Cases settled by a list match, newest first."""
    settled = Case.objects.filter(state=SETTLED).order_by("-state_changed_at", "-pk")
    page = Paginator(settled, PAGE_SIZE).get_page(request.GET.get("page"))
    cases = list(page.object_list)
    standing = MatchRecord.objects.filter(
        capture__in=[c.capture_id for c in cases], outcome="stands"
    ).order_by("pk")
    questioned = MatchRejection.objects.filter(
        state=RejectionState.PENDING, content__in=[c.content_id for c in cases]
    )
    pending = set(questioned.values_list("entry_id", "content_id"))
    by_capture: dict[int, list[MatchRecord]] = {}
    for match in standing:
        by_capture.setdefault(match.capture_id, []).append(match)
    rows = [
        MatchRow(case, m, case.state_changed_at, (m.entry_id, case.content_id) in pending)
        for case in cases
        for m in by_capture.get(case.capture_id or 0, [])
    ]
    context = {
        "rows": rows,
        "page": page,
        "shown": _shown(request),
        "reason_limit": REASON_LIMIT,
        "decides": request.user.has_role(*REVIEW_HELD_WORK),
    }
    return protected(render(request, "assess/matches.html", context))


@require_POST
@role_required(ASSESS)
def reject(request: StaffRequest) -> HttpResponse:
    """Ask a senior analyst to exclude the entry behind a match."""
    match = submitted_id(request.POST, "match")
    try:
        if match is None:
            raise RejectionRefused(_("Choose a match on the page."))
        reject_match(request.user, match, request.POST.get("reason", ""))
    except RejectionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Rejected. A senior analyst will confirm or decline it."))
    return redirect("assess:matches")


@require_GET
@role_required(REVIEW_HELD_WORK)
def rejections(request: StaffRequest) -> HttpResponse:
    """Rejections waiting for a senior analyst, oldest first."""
    waiting = (
        MatchRejection.objects.filter(state=RejectionState.PENDING)
        .select_related("hash_list", "entry", "requested_by", "case")
        .order_by("requested_at", "pk")
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "shown": _shown(request)}
    return protected(render(request, "assess/rejections.html", context))


@require_POST
@role_required(REVIEW_HELD_WORK)
def confirm(request: StaffRequest, rejection_id: int) -> HttpResponse:
    """Exclude the entry; the cases it settled are matched again without it."""
    try:
        done = confirm_rejection(request.user, rejection_id, parts())
    except RejectionRefused as refused:
        messages.error(request, str(refused))
        return redirect("assess:rejections")
    reopened = ngettext(
        "The entry is excluded from its list. %(n)d case went back to the queue;",
        "The entry is excluded from its list. %(n)d cases went back to the queue;",
        done.cases.reopened,
    ) % {"n": done.cases.reopened}
    kept = ngettext(
        "%(n)d stays settled by another list.",
        "%(n)d stay settled by another list.",
        done.cases.kept,
    ) % {"n": done.cases.kept}
    messages.success(request, f"{reopened} {kept}")
    return redirect("assess:rejections")


@require_POST
@role_required(REVIEW_HELD_WORK)
def decline(request: StaffRequest, rejection_id: int) -> HttpResponse:
    """The match stands."""
    try:
        decline_rejection(request.user, rejection_id)
    except RejectionRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Declined. The match stands."))
    return redirect("assess:rejections")


@require_GET
@role_required(ASSESS)
def match_blurred(request: StaffRequest, content_id: int) -> HttpResponse:
    """The blurred grey derivative of a content a list match settled; 403 for any other."""
    return served(lambda: blurred_of_match(content_id))


def blurred_of_match(content_id: int) -> bytes:
    """Only ever the default (blurred, grey) step; only of matched or questioned contents."""
    matched = Case.objects.filter(content=content_id, state=SETTLED).exists()
    questioned = MatchRejection.objects.filter(
        content=content_id, state=RejectionState.PENDING
    ).exists()
    content = Content.objects.filter(pk=content_id).first()
    if content is None or not (matched or questioned):
        raise ViewingRefused("not_matched", "Only contents a list match settled are shown here.")
    return blurred_derivative(content, parts().content_store)


def _shown(request: StaffRequest) -> int | None:
    """The one content whose blurred derivative the analyst asked to see."""
    return submitted_id(request.GET, "blurred")
