"""The assessment workspace: claim the next case, look (blurred until revealed), record facts.

Every response that carries content, and the workspace page itself, tells the browser to keep
nothing and to load nothing from elsewhere (see `protected`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from meldpunt.accounts.permissions import StaffRequest, role_required
from meldpunt.accounts.roles import ASSESS
from meldpunt.assess import claims, viewing
from meldpunt.assess.assessing import AssessmentRefused, Findings, record_assessment
from meldpunt.assess.exposure import exposure_now
from meldpunt.assess.forms import KEYS, FactsForm
from meldpunt.assess.models import Assessment, Claim, ClaimPurpose
from meldpunt.bootstrap import parts
from meldpunt.cases.models import Case
from meldpunt.core.exposure.limits import RefusalReason
from meldpunt.core.law import LawError
from meldpunt.core.viewing.images import CONTENT_TYPE
from meldpunt.core.viewing.steps import RevealStep, is_clear
from meldpunt.ids import submitted_id

CSP = (
    "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'self'; "
    "script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
MEDIA_OF = {"image": "image", "video": "video", "html": "text", "other": "image"}


def protected(response: HttpResponse) -> HttpResponse:
    """The browser keeps nothing, tells nobody where it was, and loads only from here."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Security-Policy"] = CSP
    return response


@role_required(ASSESS)
def workspace(request: StaffRequest) -> HttpResponse:
    """The work the analyst holds, blurred, with the facts form; or a way to take the next."""
    now = timezone.now()
    claim = (
        Claim.objects.select_related("case__item", "case__capture")
        .filter(analyst=request.user)
        .first()
    )
    form = FactsForm(initial={"medium": _medium(claim)})
    return protected(render(request, "assess/workspace.html", _context(request, claim, form, now)))


def _context(
    request: StaffRequest, claim: Claim | None, form: FactsForm, now: datetime
) -> dict[str, Any]:
    held = sorted(viewing.held_contents(request.user).values(), key=lambda c: c.pk)
    shown_contents = [{"content": c, "copy": _copy(request, c.pk, c.kind)} for c in held]
    shown = request.session.get("revealed") if claim else None
    if shown and not viewing.still_shown(request.user, shown.get("reveal", 0), now):
        request.session.pop("revealed", None)
        shown = None
    standing = exposure_now(request.user, now)
    return {
        "claim": claim,
        "contents": held,
        "shown_contents": shown_contents,
        "form": form,
        "keys": KEYS,
        "questions": [(form[name], keys) for name, keys in KEYS.items()],
        "today_left": _minutes(standing.today_left),
        "session_left": _minutes(standing.session_left),
        "waiting": Case.objects.filter(state="awaiting_assessment").count(),
        "claim_minutes": claims.policy().claim_minutes,
        "revealed": shown,
        "steps": [step for step in RevealStep if is_clear(step)],
        "correcting": _correcting(claim),
    }


def _correcting(claim: Claim | None) -> Assessment | None:
    """For a correction: the assessment that settled the work, which the senior's replaces."""
    if claim is None or claim.purpose != ClaimPurpose.CORRECT:
        return None
    return Assessment.objects.filter(work__work=claim.work).order_by("-pk").first()


def _copy(request: StaffRequest, content_id: int, kind: str) -> str | None:
    """A page's or a text's safe rendering; None for media, shown as derivatives."""
    if kind not in TEXT_KINDS:
        return None
    try:
        return viewing.page_copy(request.user, content_id, parts().content_store)
    except viewing.ViewingRefused as refused:
        return str(refused)


TEXT_KINDS = ("html", "other")


def _minutes(left: timedelta) -> str:
    minutes = int(left.total_seconds() // 60)
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


def _medium(claim: Claim | None) -> str:
    capture = claim.case.capture if claim else None
    return MEDIA_OF.get(capture.kind if capture else "image", "image")


@require_POST
@role_required(ASSESS)
def claim_next(request: StaffRequest) -> HttpResponse:
    """Take the next case by the queue's priority (or keep the one held)."""
    request.session.pop("revealed", None)
    if claims.claim_next(request.user, timezone.now()) is None:
        messages.info(request, _("Nothing is waiting for you now. Well done."))
    return redirect("assess:workspace")


@require_POST
@role_required(ASSESS)
def release(request: StaffRequest) -> HttpResponse:
    """Give the work back to the queue unassessed."""
    viewing.end_reveals(request.user, timezone.now())
    claims.release(request.user)
    request.session.pop("revealed", None)
    messages.info(request, _("The case is back in the queue for someone else."))
    return redirect("assess:workspace")


@require_POST
@role_required(ASSESS)
def record(request: StaffRequest) -> HttpResponse:
    """Record the facts; the law makes the verdicts."""
    now = timezone.now()
    form = FactsForm(request.POST)
    claim = (
        Claim.objects.select_related("case__item", "case__capture")
        .filter(analyst=request.user)
        .first()
    )
    if not form.is_valid():
        context = _context(request, claim, form, now)
        return protected(render(request, "assess/workspace.html", context, status=400))
    findings = Findings(form.facts(), form.details(), form.cleaned_data["not_sure"])
    hotline = parts().hotline
    try:
        recorded = record_assessment(request.user, findings, parts().law, hotline, now)
    except (AssessmentRefused, LawError) as refused:
        form.add_error(None, _refusal(refused))
        context = _context(request, claim, form, now)
        return protected(render(request, "assess/workspace.html", context, status=400))
    request.session.pop("revealed", None)
    messages.success(request, _recorded_message(recorded.held, recorded.cases))
    return redirect("assess:workspace")


def _refusal(refused: Exception) -> str:
    if isinstance(refused, LawError):  # the approved rule files no longer fit the shipped ones
        return _(
            "The rules in force are refused, so no verdict can be made. Nothing was recorded: "
            "ask a manager to look at the Law page."
        )
    return str(refused)


def _recorded_message(held: bool, cases: int) -> str:
    if held:
        return _("Recorded. It waits for a senior analyst's review before anything is done.")
    text = ngettext(
        "Recorded for %(cases)d case. Take the next case when you are ready.",
        "Recorded for %(cases)d cases. Take the next case when you are ready.",
        cases,
    )
    return text % {"cases": cases}


@require_GET
@role_required(ASSESS)
def blurred(request: StaffRequest, content_id: int) -> HttpResponse:
    """The blurred grey derivative of a content the analyst holds; 403 for anything else."""
    return served(lambda: viewing.blurred(request.user, content_id, parts().content_store))


@require_POST
@role_required(ASSESS)
def reveal(request: StaffRequest) -> HttpResponse:
    """One more step of one content, if the exposure policy allows it now."""
    try:
        step = RevealStep(request.POST.get("step", ""))
        content = submitted_id(request.POST, "content")
        if content is None:
            raise ValueError("no content id")
        shown = viewing.reveal(
            request.user, request.session.session_key or "", content, step, timezone.now()
        )
    except ValueError:
        messages.error(request, _("That reveal is not possible. Choose a step on the page."))
        return redirect("assess:workspace")
    except viewing.ViewingRefused as refused:
        messages.error(request, _refusal_message(refused))
        return redirect("assess:workspace")
    request.session["revealed"] = {
        "reveal": shown.reveal.pk,
        "content": content,
        "step": step.value,
        "token": shown.token,
    }
    return redirect("assess:workspace")


def _refusal_message(refused: viewing.ViewingRefused) -> str:
    if refused.refusal is None:
        return _("You cannot reveal this: %(why)s") % {"why": str(refused)}
    resume = timezone.localtime(refused.refusal.resume_at)
    when = {"time": time_format(resume, "H:i"), "date": resume.date().isoformat()}
    reasons: dict[RefusalReason, str] = {
        RefusalReason.DAILY_LIMIT: _(
            "You have reached today's viewing limit. Viewing can resume on %(date)s at %(time)s."
        ),
        RefusalReason.SESSION_LIMIT: _(
            "You have viewed long enough without a break. Take a break; viewing can resume at "
            "%(time)s."
        ),
        RefusalReason.AFTER_HOURS: _(
            "No viewing is allowed at this time of day. Viewing can resume on %(date)s at %(time)s."
        ),
    }
    return reasons[refused.refusal.reason] % when


@require_GET
@role_required(ASSESS)
def revealed(request: StaffRequest, token: str) -> HttpResponse:
    """A revealed derivative, at its signed address only."""
    key = request.session.session_key or ""
    return served(lambda: viewing.revealed_bytes(request.user, key, token, parts().content_store))


@require_POST
@role_required(ASSESS)
def hide(request: StaffRequest) -> HttpResponse:
    """Back to the blurred image; the reveal stops counting."""
    viewing.end_reveals(request.user, timezone.now())
    request.session.pop("revealed", None)
    return redirect("assess:workspace")


@require_POST
@role_required(ASSESS)
def still_here(request: StaffRequest) -> HttpResponse:
    """The viewer is open: keep the claim and let an open reveal go on counting."""
    now = timezone.now()
    held = claims.renew(request.user, now) is not None
    viewing.still_looking(request.user, now)
    standing = exposure_now(request.user, now)
    return protected(
        JsonResponse(
            {
                "claim": held,
                "today_left_minutes": int(standing.today_left.total_seconds() // 60),
                "session_left_minutes": int(standing.session_left.total_seconds() // 60),
            }
        )
    )


def served(make: Callable[[], bytes]) -> HttpResponse:
    """Content bytes with the `protected` headers, or 403 with the reason it is refused."""
    try:
        data = make()
    except viewing.ViewingRefused as refused:
        return protected(HttpResponse(str(refused), status=403, content_type="text/plain"))
    return protected(HttpResponse(data, content_type=CONTENT_TYPE))
