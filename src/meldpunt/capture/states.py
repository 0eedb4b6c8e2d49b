"""The capture state machine: which state follows which, and which are final.

queued -> fetching -> fetched -> hashed -> concluded

Each arrow is one commit. From `hashed`, matching, the hosting trace, the content and the
case's next step commit together (steps.conclude): the capture's technical work ends at
`concluded`, and its case (meldpunt.cases) decides what happens next. A failure moves to
failed_retryable (backed off, then claimed again from fetching) or failed_final. A failed
capture goes back to queued, with its attempts counted from zero, when its item is reported
again or staff retry it (leases.requeue).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaptureState(models.TextChoices):
    """Where a capture is in the pipeline."""

    QUEUED = "queued", _("Queued")
    FETCHING = "fetching", _("Fetching")
    FETCHED = "fetched", _("Fetched")
    HASHED = "hashed", _("Hashed")
    CONCLUDED = "concluded", _("Concluded")
    FAILED_RETRYABLE = "failed_retryable", _("Failed, will retry")
    FAILED_FINAL = "failed_final", _("Failed")


FINAL = frozenset({CaptureState.CONCLUDED, CaptureState.FAILED_FINAL})
ACTIVE = frozenset(set(CaptureState) - FINAL)
FAILED = frozenset({CaptureState.FAILED_RETRYABLE, CaptureState.FAILED_FINAL})
