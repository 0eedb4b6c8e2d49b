"""The capture state machine: which state follows which, and which are final.

queued -> fetching -> fetched -> hashed -> awaiting_assessment | settled_by_match

Each arrow is one commit. From `hashed`, matching, the hosting trace and the outcome of the
lists commit together (pipeline.conclude). A failure moves to failed_retryable (backed off,
then claimed again from fetching) or failed_final. A failed capture goes back to queued, with
its attempts counted from zero, when its item is reported again or staff retry it
(leases.requeue).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaptureState(models.TextChoices):
    """Where an item is between report and analyst."""

    QUEUED = "queued", _("Queued")
    FETCHING = "fetching", _("Fetching")
    FETCHED = "fetched", _("Fetched")
    HASHED = "hashed", _("Hashed")
    AWAITING_ASSESSMENT = "awaiting_assessment", _("Awaiting assessment")
    SETTLED_BY_MATCH = "settled_by_match", _("Settled by match")
    FAILED_RETRYABLE = "failed_retryable", _("Failed, will retry")
    FAILED_FINAL = "failed_final", _("Failed")


FINAL = frozenset(
    {CaptureState.AWAITING_ASSESSMENT, CaptureState.SETTLED_BY_MATCH, CaptureState.FAILED_FINAL}
)
ACTIVE = frozenset(set(CaptureState) - FINAL)
FAILED = frozenset({CaptureState.FAILED_RETRYABLE, CaptureState.FAILED_FINAL})
