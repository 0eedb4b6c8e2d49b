"""Cases and their timelines; content by SHA-256, near-copy groups, and verdicts."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from meldpunt.core.cases.timeline import CaseState, EventKind
from meldpunt.core.cases.verdicts import Baseline, Classification, Legality, VerdictSource


def _choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ")) for member in enum]


class ContentGroup(models.Model):
    """Near copies: a connected component of PDQ matches. `spread` is its largest inner
    distance; a group absorbed by another when a newcomer joined both names where it went."""

    spread = models.PositiveSmallIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    split_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="split_off"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"group {self.pk}"


class KeptApart(models.Model):
    """Two groups a senior analyst split: a newcomer near both joins only the nearer."""

    group = models.ForeignKey(ContentGroup, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(ContentGroup, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "other"], name="kept_apart_once")]

    def __str__(self) -> str:
        return f"groups {self.group_id} and {self.other_id} kept apart"


class Content(models.Model):
    """The same bytes, wherever they were found: every capture of them points here."""

    sha256 = models.CharField(max_length=64, unique=True)
    md5 = models.CharField(max_length=32, db_index=True)
    sha1 = models.CharField(max_length=40, db_index=True)
    kind = models.CharField(max_length=8)
    size = models.BigIntegerField(null=True)
    pdq = models.CharField(max_length=64, blank=True)
    pdq_quality = models.PositiveSmallIntegerField(null=True)
    pdq_variants = models.JSONField(default=list)  # all 8 orientations, original first
    group = models.ForeignKey(
        ContentGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    first_captured_at = models.DateTimeField(auto_now_add=True)
    # Numbered as it is placed in a group, under the grouping lock: the order every worker's
    # index follows (ids are handed out before commit, so they can commit out of order).
    placed = models.PositiveBigIntegerField(null=True, blank=True, unique=True)

    def __str__(self) -> str:
        return f"content {self.pk} ({self.sha256[:12]})"


class GroupingLock(models.Model):
    """One row, locked while a transaction places new contents in groups, so that two
    workers never group near copies without seeing each other's; it counts the placements."""

    placed = models.PositiveBigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return "grouping lock"


class Case(models.Model):
    """One reported address's way through the whole workflow; its state is the running result
    of its timeline. It points to its latest capture, content and hosting trace."""

    item = models.OneToOneField("intake.Item", on_delete=models.CASCADE, related_name="case")
    state = models.CharField(
        max_length=24,
        choices=_choices(CaseState),
        default=CaseState.RECEIVED.value,
        db_index=True,
    )
    capture = models.ForeignKey(
        "capture.Capture", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.ForeignKey(
        Content, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    hosting = models.ForeignKey(
        "capture.HostingRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField()
    state_changed_at = models.DateTimeField()
    # The analyst queue's order (cases/queries.py), copied here when the case is queued and
    # as it is reported again, so that the next case is one step along an index.
    queue_seen_before = models.BooleanField(default=False)
    queue_media = models.PositiveSmallIntegerField(default=0)
    queue_reports = models.PositiveIntegerField(default=0)
    queue_since = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["queue_seen_before", "queue_media", "-queue_reports", "queue_since", "id"],
                name="analyst_queue_order",
                condition=models.Q(state=CaseState.AWAITING_ASSESSMENT.value),
            )
        ]

    def __str__(self) -> str:
        return f"case of item {self.item_id} ({self.state})"


class CaseEvent(models.Model):
    """One typed event on a case's timeline, with its time and actor. Never changed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=_choices(EventKind))
    at = models.DateTimeField()
    actor = models.CharField(max_length=120)
    capture = models.ForeignKey(
        "capture.Capture", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "at"]), models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"case {self.case_id}: {self.kind}"


class Verdict(models.Model):
    """Whether a content is illegal under one jurisdiction's law, and how that was decided."""

    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="verdicts")
    jurisdiction = models.CharField(max_length=2)
    legality = models.CharField(max_length=12, choices=_choices(Legality))
    baseline = models.CharField(max_length=8, choices=_choices(Baseline))
    classification = models.CharField(max_length=12, choices=_choices(Classification))
    source = models.CharField(max_length=12, choices=_choices(VerdictSource))
    provenance = models.JSONField(default=dict)
    rule_version = models.CharField(max_length=60)
    decided_by = models.CharField(max_length=120)
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content", "jurisdiction"], name="one_verdict_per_jurisdiction"
            )
        ]
        verbose_name = _("verdict")

    def __str__(self) -> str:
        return f"{self.legality} in {self.jurisdiction} for content {self.content_id}"
