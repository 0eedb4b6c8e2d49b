"""Captures of an item (the first, then re-checks): what each found (hashes, encrypted object
ids), its matches and its hosting trace."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from meldpunt.capture.states import CaptureState


class Purpose(models.TextChoices):
    """Why an item is captured: the first time, or again to see whether it changed or went."""

    FIRST = "first", _("First capture")
    RECHECK = "recheck", _("Re-check")


class Capture(models.Model):
    """One fetch of an item through the pipeline. Content lives encrypted in the store, by
    object id; captures of the same bytes share one object and one Content."""

    item = models.ForeignKey("intake.Item", on_delete=models.CASCADE, related_name="captures")
    purpose = models.CharField(max_length=8, choices=Purpose.choices, default=Purpose.FIRST)
    content = models.ForeignKey(
        "cases.Content", null=True, blank=True, on_delete=models.PROTECT, related_name="captures"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    state = models.CharField(
        max_length=24, choices=CaptureState.choices, default=CaptureState.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    error = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=8, blank=True)
    final_url = models.CharField(max_length=2048, blank=True)
    served_from = models.GenericIPAddressField(null=True, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    content_object = models.CharField(max_length=32, blank=True, db_index=True)
    thumbnail_object = models.CharField(max_length=32, blank=True, db_index=True)
    content_deleted_at = models.DateTimeField(null=True, blank=True)
    md5 = models.CharField(max_length=32, blank=True, db_index=True)
    sha1 = models.CharField(max_length=40, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    pdq = models.CharField(max_length=64, blank=True)
    pdq_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    pdq_variants = models.JSONField(default=list, blank=True)  # all 8 orientations, original first
    # {"pdq", "q"}: python-threatexchange's PDQ of a palette or CMYK image, where it differs
    pdq_threatexchange = models.JSONField(null=True, blank=True)
    frames = models.JSONField(default=list, blank=True)
    media_problem = models.CharField(max_length=40, blank=True)
    embedded_left_out = models.PositiveIntegerField(default=0)
    seen_before = models.BooleanField(default=False)
    fetched_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["state", "lease_until"])]
        constraints = [
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(purpose="first"), name="one_first_capture"
            )
        ]

    def __str__(self) -> str:
        return f"capture {self.pk} of item {self.item_id} ({self.state})"


class MatchRecord(models.Model):
    """Why a capture matched: the provenance of one match, kept even if the list changes later."""

    capture = models.ForeignKey(Capture, on_delete=models.CASCADE, related_name="matches")
    hash_list = models.ForeignKey("lists.HashList", null=True, on_delete=models.SET_NULL)
    list_name = models.CharField(max_length=100)
    list_kind = models.CharField(max_length=10)
    entry = models.ForeignKey("lists.HashListEntry", null=True, on_delete=models.SET_NULL)
    hash_type = models.CharField(max_length=10)
    distance = models.PositiveSmallIntegerField()
    variant = models.CharField(max_length=16, blank=True)
    frame_timestamp = models.FloatField(null=True, blank=True)
    classification = models.CharField(max_length=10, blank=True)
    outcome = models.CharField(max_length=10)  # "stands", "suppressed" or "benign"

    def __str__(self) -> str:
        return f"{self.outcome} match of capture {self.capture_id} on {self.list_name}"


class HostingRecord(models.Model):
    """Where a capture's host was served from, and whom to notify, with sources: one trace
    per capture, kept, so a case's hosting history is its captures' traces."""

    capture = models.OneToOneField(Capture, on_delete=models.CASCADE, related_name="hosting")
    host = models.CharField(max_length=253)
    provider = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True)
    abuse_emails = models.JSONField(default=list)
    addresses = models.JSONField(default=list)
    needs_origin = models.BooleanField(default=False)
    notify_site_owner = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    traced_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"hosting of {self.host}"
