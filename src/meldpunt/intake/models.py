"""Reports, the items (distinct URLs) they name, and the link between the two."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from meldpunt.core.reports import Medium


class MediumChoice(models.TextChoices):
    """Medium, with labels in the interface languages."""

    IMAGE = Medium.IMAGE.value, _("Image")
    VIDEO = Medium.VIDEO.value, _("Video")
    DRAWING = Medium.DRAWING.value, _("Drawing or cartoon")
    COMPUTER_MADE = Medium.COMPUTER_MADE.value, _("Computer-made image")
    TEXT = Medium.TEXT.value, _("Text")
    AUDIO = Medium.AUDIO.value, _("Audio")
    LIVE_STREAM = Medium.LIVE_STREAM.value, _("Live stream")
    OTHER = Medium.OTHER.value, _("Other or not sure")


class Channel(models.TextChoices):
    """How a report reached us."""

    WEB = "web", _("Public web form")
    API = "api", _("Partner API")
    CSV = "csv", _("CSV import")


class Report(models.Model):
    """What one reporter sent in. The reporter's IP address is never stored."""

    receipt_code = models.CharField(max_length=20, unique=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    partner = models.ForeignKey(
        "directory.ApiClient",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    medium = models.CharField(max_length=16, choices=MediumChoice.choices)
    found_on = models.CharField(max_length=500, blank=True)
    description = models.TextField(max_length=5000, blank=True)
    source = models.CharField(max_length=200, blank=True)
    reference = models.CharField(max_length=200, blank=True, db_index=True)
    sealed_contact = models.BinaryField(null=True, blank=True, editable=False)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]

    def __str__(self) -> str:
        return self.receipt_code


class Item(models.Model):
    """One reported address; every later report of it joins this case."""

    url = models.CharField(max_length=2048)
    dedup_key = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=253, db_index=True)
    registrable_domain = models.CharField(max_length=253, db_index=True)
    medium = models.CharField(max_length=16, choices=MediumChoice.choices)
    report_count = models.PositiveIntegerField(default=0)
    first_reported_at = models.DateTimeField(auto_now_add=True)
    last_reported_at = models.DateTimeField()
    reports = models.ManyToManyField(Report, through="ReportedUrl", related_name="items")

    class Meta:
        ordering = ["-last_reported_at", "-pk"]

    def __str__(self) -> str:
        return f"item {self.pk}"


class ReportedUrl(models.Model):
    """The address as one report gave it, linked to the item it joined."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reported_urls")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="reported_urls")
    url = models.CharField(max_length=2048)
    referer = models.CharField(max_length=2048, blank=True)
    line_no = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="one_link_per_report_item"),
        ]

    def __str__(self) -> str:
        return f"report {self.report_id} line {self.line_no} -> item {self.item_id}"


class IdempotencyRecord(models.Model):
    """A partner request already applied; a retry with the same key replays its answer."""

    partner = models.ForeignKey("directory.ApiClient", on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    request_digest = models.CharField(max_length=64)
    report = models.ForeignKey(Report, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "key"], name="one_request_per_key"),
        ]

    def __str__(self) -> str:
        return f"partner {self.partner_id} key {self.key[:20]}"
