"""Claims on work, and the hotline's policy for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClaimPurpose(models.TextChoices):
    """What the analyst holds the work for."""

    ASSESS = "assess", _("a first assessment")
    CONFIRM = "confirm", _("an independent confirmation")
    REVIEW = "review", _("a senior review (four eyes)")
    CORRECT = "correct", _("a senior correction of settled work")


class Claim(models.Model):
    """An analyst's hold on one piece of work: a content, or a whole near-copy group, seen
    through one of its cases. No two analysts hold the same; it lapses unless renewed."""

    work = models.CharField(max_length=32, unique=True)  # "group:12", "content:34", "case:56"
    purpose = models.CharField(
        max_length=8, choices=ClaimPurpose.choices, default=ClaimPurpose.ASSESS
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    analyst = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim"
    )
    claimed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("claim")

    def __str__(self) -> str:
        return f"{self.work} held by {self.analyst_id}"


class WorkPolicy(models.Model):
    """One row: how long a claim lasts unrenewed, and how many independent assessments a
    content needs before it enters the hotline's own lists."""

    claim_minutes = models.PositiveSmallIntegerField(default=15)
    assessments_for_list = models.PositiveSmallIntegerField(default=2)

    class Meta:
        verbose_name = _("work policy")
        verbose_name_plural = _("work policy")

    def __str__(self) -> str:
        return "work policy"


class WorkState(models.TextChoices):
    """Where a piece of assessed work stands: confirmed often enough, held, or settled."""

    CONFIRMING = "confirming", _("waiting for an independent assessment")
    IN_REVIEW = "in_review", _("held for a senior analyst")
    SETTLED = "settled", _("settled")


class AssessedWork(models.Model):
    """A content or near-copy group that analysts have assessed: how many agree, whether it
    is held for four eyes, and when it was settled (and so entered the hotline's own lists)."""

    work = models.CharField(max_length=32, unique=True)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    content = models.ForeignKey(
        "cases.Content", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    group = models.ForeignKey(
        "cases.ContentGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=12, choices=WorkState.choices, db_index=True)
    agreeing = models.PositiveSmallIntegerField(default=0)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assessed work")
        verbose_name_plural = _("assessed work")

    def __str__(self) -> str:
        return f"{self.work} ({self.state})"


class AssessmentKind(models.TextChoices):
    """Why an assessment was made."""

    FIRST = "first", _("first assessment")
    CONFIRMATION = "confirmation", _("independent confirmation")
    REVIEW = "review", _("senior review (four eyes)")
    CORRECTION = "correction", _("senior correction")


class Assessment(models.Model):
    """One analyst's facts about one piece of work, and what the law made of them. Never
    changed: a correction is a new assessment that names the one it corrects."""

    work = models.ForeignKey(AssessedWork, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=12, choices=AssessmentKind.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    made_at = models.DateTimeField()
    age = models.CharField(max_length=16)
    realism = models.CharField(max_length=20)
    sexual = models.CharField(max_length=20)
    medium = models.CharField(max_length=8)
    not_sure = models.BooleanField(default=False)
    details = models.JSONField(default=dict)  # the optional details, as core's Details
    iccam = models.JSONField(default=dict)  # the same in ICCAM v3's codes, for export
    outcome = models.JSONField(default=dict)  # the law's evaluation: baseline, iccam, per country
    classification = models.CharField(max_length=12)  # ICCAM's, for the hotline's own country
    own_legality = models.CharField(max_length=12)
    held = models.BooleanField(default=False)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    class Meta:
        verbose_name = _("assessment")
        indexes = [models.Index(fields=["analyst", "made_at"])]

    def __str__(self) -> str:
        return f"assessment {self.pk} of {self.work_id} ({self.classification})"


class ExposureLimits(models.Model):
    """One row: the hotline's exposure policy (core.exposure.policy), which managers set in
    the admin or with `meldpunt exposure-policy`; the server enforces it on every reveal."""

    daily_minutes = models.PositiveSmallIntegerField(_("daily limit (minutes)"), default=120)
    session_minutes = models.PositiveSmallIntegerField(
        _("continuous viewing (minutes)"),
        default=60,
        help_text=_("Continuous viewing, after which a break is compulsory."),
    )
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=15)
    no_viewing_after = models.TimeField(
        _("no viewing after"),
        null=True,
        blank=True,
        help_text=_("No viewing after this time of day (optional)."),
    )
    reveal_minutes = models.PositiveSmallIntegerField(
        _("a reveal counts (minutes)"),
        default=2,
        help_text=_("How long one reveal counts without activity in the viewer."),
    )

    class Meta:
        verbose_name = _("exposure policy")
        verbose_name_plural = _("exposure policy")

    def __str__(self) -> str:
        return "exposure policy"


class Reveal(models.Model):
    """One analyst's look at one item's clear(er) derivative: from the reveal until they hide
    it, move on or record the assessment, or until it stops counting for want of activity."""

    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reveals"
    )
    session = models.CharField(max_length=64)  # a digest of the sign-in session, never its key
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    content = models.ForeignKey("cases.Content", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=16)
    started_at = models.DateTimeField()
    last_activity_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reveal")
        indexes = [models.Index(fields=["analyst", "started_at"])]

    def __str__(self) -> str:
        return f"reveal {self.pk} of content {self.content_id} by {self.analyst_id}"
