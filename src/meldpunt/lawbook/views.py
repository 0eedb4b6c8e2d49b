"""The managers' page of proposed rule files: each with its diff and the whole law's check,
approved with the digest of the text shown; and the approvals so far."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import APPROVE_LAW
from meldpunt.bootstrap import parts
from meldpunt.core.law import LawError, Review, RulesRefused
from meldpunt.lawbook.services import ApprovalRefused, approve, history, pending

SHOW_PROBLEMS = 20  # on the page; `meldpunt law pending` prints them all


@require_GET
@role_required(APPROVE_LAW)
def proposals(request: StaffRequest) -> HttpResponse:
    """The pending rule files, then every approval."""
    directory = parts().proposed_law_dir
    broken = _law_in_force_problems()
    context = {
        "directory": directory,
        "pending": [_shown(seen) for seen in pending(directory)],
        "approvals": history(),
        "broken": broken[:SHOW_PROBLEMS],
        "broken_more": max(0, len(broken) - SHOW_PROBLEMS),
    }
    return render(request, "lawbook/proposals.html", context)


@require_POST
@role_required(APPROVE_LAW)
def approve_file(request: StaffRequest) -> HttpResponse:
    """Approve one file as it was shown (its digest comes with the form)."""
    name, digest = request.POST.get("name", ""), request.POST.get("sha256", "")
    try:
        approval = approve(request.user, name, digest, parts().proposed_law_dir)
    except ApprovalRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Approved: the %(jurisdiction)s rules are now version %(version)s.")
            % {"jurisdiction": approval.jurisdiction, "version": approval.version},
        )
    return redirect("lawbook:proposals")


def _law_in_force_problems() -> list[str]:
    """None, unless the shipped files changed (an upgrade) so that an approved one no longer
    fits them: then verdicts are refused until a corrected file is approved."""
    try:
        _in_force = parts().law  # building it checks it; the law itself is not needed here
    except RulesRefused as refused:
        return [str(problem) for problem in refused.problems]
    except LawError as error:
        return [str(error)]
    return []


def _shown(seen: Review) -> dict[str, Any]:
    return {
        "review": seen,
        "lines": [(_line_kind(line), line) for line in seen.diff.splitlines()],
        "problems": seen.problems[:SHOW_PROBLEMS],
        "more": max(0, len(seen.problems) - SHOW_PROBLEMS),
    }


def _line_kind(line: str) -> str:
    if line.startswith(("---", "+++", "@@")):
        return "head"
    return {"+": "added", "-": "removed"}.get(line[:1], "same")
