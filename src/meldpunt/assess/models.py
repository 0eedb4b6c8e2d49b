"""Claims on work, and the hotline's policy for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Claim(models.Model):
    """An analyst's hold on one piece of work: a content, or a whole near-copy group, seen
    through one of its cases. No two analysts hold the same; it lapses unless renewed."""

    work = models.CharField(max_length=32, unique=True)  # "group:12", "content:34", "case:56"
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
