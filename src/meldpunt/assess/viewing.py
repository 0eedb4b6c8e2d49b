"""The protected viewer: nothing clear reaches the browser without a reveal.

Every image the workspace shows by default is a blurred grey derivative made on the server.
A reveal asks the server for one more step (less blur, sharp grey, colour) of one content the
analyst holds; the exposure policy decides whether it may happen, the reveal is recorded and
audited, and it hands out an address signed for that analyst, sign-in session and content,
good for about a minute. Any other request for a clear derivative is refused (403).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meldpunt.accounts.models import User
from meldpunt.assess.exposure import current_policy, may_reveal
from meldpunt.assess.models import Claim, Reveal
from meldpunt.audit.services import Actor, record_event
from meldpunt.capture.models import Capture
from meldpunt.cases.models import Content
from meldpunt.core.exposure.limits import Refused
from meldpunt.core.ports import Store
from meldpunt.core.viewing.images import derivative
from meldpunt.core.viewing.pages import PageLabels, render_page, render_text
from meldpunt.core.viewing.steps import DEFAULT_STEP, RevealStep, is_clear

SIGNED_FOR_SECONDS = 60
SALT = "meldpunt.assess.reveal"


class ViewingRefused(Exception):
    """The analyst may not see this; `reason` is a code, the message says what to do."""

    def __init__(self, reason: str, message: str, refusal: Refused | None = None) -> None:
        super().__init__(message)
        self.reason, self.refusal = reason, refusal


@dataclass(frozen=True)
class Revealed:
    """A reveal, and the signed address its derivative is served at."""

    reveal: Reveal
    token: str


def session_digest(session_key: str) -> str:
    """What is kept of a sign-in session: enough to tell it apart, not to take it over."""
    return hashlib.sha256(f"meldpunt-session:{session_key}".encode()).hexdigest()


def held_contents(analyst: User) -> dict[int, Content]:
    """The contents of the work the analyst holds now (none if they hold nothing), with the
    media captured from it when it is a page: each shown blurred, each revealable alone."""
    claim = Claim.objects.select_related("case__content").filter(analyst=analyst).first()
    if claim is None or claim.case.content is None:
        return {}
    content = claim.case.content
    ids = [content.pk]
    if content.group_id is not None:
        ids = list(Content.objects.filter(group=content.group_id).values_list("pk", flat=True))
    media = Capture.objects.filter(parent__content__in=ids, content__isnull=False)
    return Content.objects.in_bulk([*ids, *media.values_list("content", flat=True)])


def page_copy(analyst: User, content_id: int, store: Store) -> str:
    """A held page or text as safe HTML: no script, nothing loaded from elsewhere, links as
    plain text, and each image the capture took shown as its blurred derivative."""
    content = _held(analyst, content_id)
    data = stored_bytes(content, store)
    if content.kind != "html":
        return render_text(data)
    page = Capture.objects.filter(content=content).select_related("item").order_by("-pk").first()
    assert page is not None  # stored_bytes found one
    media = Capture.objects.filter(parent=page, content__isnull=False).select_related("item")
    shown = {m.item.url: reverse("assess:blurred", args=[m.content_id]) for m in media}
    return render_page(data, page.item.url, shown, labels=_labels())


def _labels() -> PageLabels:
    return PageLabels(
        image_not_captured=_("Image not captured"),
        video=_("Video: open it as its own item"),
        video_not_captured=_("Video not captured"),
    )


def blurred(analyst: User, content_id: int, store: Store) -> bytes:
    """The default derivative of a content the analyst holds: blurred and grey (for a video,
    the strip of frames its capture made, brought to the same size)."""
    return blurred_derivative(_held(analyst, content_id), store)


def blurred_derivative(content: Content, store: Store) -> bytes:
    """A content's blurred grey derivative, whoever may see it (the caller decides)."""
    if content.kind == "video":
        return derivative(stored_bytes(content, store, "thumbnail_object"), DEFAULT_STEP)
    if content.kind != "image":
        raise ViewingRefused("kind", "This item is shown as text, not as an image.")
    return derivative(stored_bytes(content, store), DEFAULT_STEP)


def reveal(
    analyst: User, session_key: str, content_id: int, step: RevealStep, now: datetime
) -> Revealed:
    """Let the analyst see one more step of one content they hold, if the exposure policy
    allows it now; recorded, audited, and served only at the signed address returned."""
    if not is_clear(step):
        raise ViewingRefused("step", "The blurred image needs no reveal.")
    content = _held(analyst, content_id)
    if content.kind != "image":
        raise ViewingRefused("kind", "Only images can be revealed step by step here.")
    decision = may_reveal(analyst, now)
    if isinstance(decision, Refused):
        raise ViewingRefused("exposure", "", decision)
    with transaction.atomic():
        end_reveals(analyst, now)  # one item at a time: revealing another hides the last
        claim = Claim.objects.get(analyst=analyst)
        shown = Reveal.objects.create(
            analyst=analyst,
            session=session_digest(session_key),
            case_id=claim.case_id,
            content=content,
            step=step.value,
            started_at=now,
            last_activity_at=now,
        )
        record_event(Actor.staff(analyst), "content.revealed", None, _audited(shown))
    token = signing.dumps(
        {"reveal": shown.pk, "user": analyst.pk, "session": shown.session}, salt=SALT
    )
    return Revealed(shown, token)


def revealed_bytes(analyst: User, session_key: str, token: str, store: Store) -> bytes:
    """The derivative a signed address stands for; refused unless it is this analyst's, in
    this session, still fresh, for a reveal not yet hidden, of a content they still hold."""
    try:
        signed = signing.loads(token, salt=SALT, max_age=SIGNED_FOR_SECONDS)
    except signing.BadSignature:
        raise ViewingRefused("signature", "This address has expired or is not yours.") from None
    if signed.get("user") != analyst.pk or signed.get("session") != session_digest(session_key):
        raise ViewingRefused("signature", "This address was made for another sign-in.")
    shown = Reveal.objects.filter(pk=signed.get("reveal"), analyst=analyst).first()
    if shown is None or not still_shown(analyst, shown.pk, timezone.now()):
        raise ViewingRefused("hidden", "This item is hidden again; reveal it to see it.")
    content = _held(analyst, shown.content_id)
    return derivative(stored_bytes(content, store), RevealStep(shown.step))


def still_shown(analyst: User, reveal_id: int, now: datetime) -> bool:
    """Whether a reveal may still be shown: not hidden, and the analyst still within the
    exposure policy (past a limit, the server hides what is open)."""
    if not Reveal.objects.filter(pk=reveal_id, analyst=analyst, ended_at__isnull=True).exists():
        return False
    if isinstance(may_reveal(analyst, now), Refused):
        end_reveals(analyst, now)
        return False
    return True


def end_reveals(analyst: User, now: datetime) -> int:
    """Hide whatever the analyst has revealed (they hid it, moved on or recorded). Each ends
    where it stopped counting, and the audit trail records how long it counted."""
    limit = current_policy().reveal_limit
    with transaction.atomic():
        open_ = Reveal.objects.select_for_update().filter(analyst=analyst, ended_at__isnull=True)
        ended = list(open_)
        for shown in ended:
            shown.ended_at = max(shown.last_activity_at, min(now, shown.last_activity_at + limit))
            shown.save(update_fields=["ended_at"])
            seconds = round((shown.ended_at - shown.started_at).total_seconds())
            details = {"reveal": shown.pk, "content": shown.content_id, "seconds": seconds}
            record_event(Actor.staff(analyst), "content.hidden", None, details)
    return len(ended)


def still_looking(analyst: User, now: datetime) -> int:
    """The viewer is still open: the analyst's open reveals go on counting."""
    open_ = Reveal.objects.filter(analyst=analyst, ended_at__isnull=True)
    return open_.update(last_activity_at=now)


def stored_bytes(content: Content, store: Store, field: str = "content_object") -> bytes:
    """The content's bytes (or its capture's preview) from the encrypted store, from its
    newest capture that still has them."""
    capture = (
        Capture.objects.filter(content=content, content_deleted_at__isnull=True)
        .exclude(**{field: ""})
        .order_by("-pk")
        .first()
    )
    if capture is None:
        raise ViewingRefused("gone", "The stored copy has been deleted (retention).")
    return store.get(getattr(capture, field))


def _held(analyst: User, content_id: int) -> Content:
    content = held_contents(analyst).get(content_id)
    if content is None:
        raise ViewingRefused("not_held", "You do not hold this content; take it from the queue.")
    return content


def _audited(shown: Reveal) -> dict[str, object]:
    return {
        "reveal": shown.pk,
        "case": shown.case_id,
        "content": shown.content_id,
        "sha256": shown.content.sha256,
        "step": shown.step,
    }
