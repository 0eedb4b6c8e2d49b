"""Approved rule files: each approval is a new version of one jurisdiction's law."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApprovedRuleFile(models.Model):
    """A hotline's rule file as a manager approved it; the newest per jurisdiction is in
    force, laid over the shipped files. Never changed or deleted: verdicts name its version."""

    jurisdiction = models.CharField(_("jurisdiction"), max_length=16)
    file_name = models.CharField(_("file name"), max_length=255)
    text = models.TextField(_("text"))
    sha256 = models.CharField(max_length=64)
    declared_version = models.CharField(_("declared version"), max_length=100)
    sequence = models.PositiveIntegerField()  # the n of <declared>+local.<n>, per jurisdiction
    version = models.CharField(_("version"), max_length=120)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    approved_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("approved at"), default=timezone.now)

    class Meta:
        verbose_name = _("approved rule file")
        verbose_name_plural = _("approved rule files")
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "sequence"], name="one_approval_per_jurisdiction_number"
            ),
            models.CheckConstraint(
                name="approval_number_from_one", condition=models.Q(sequence__gte=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} rules {self.version}"


class ApprovalLock(models.Model):
    """One row, locked while an approval is checked and written: two managers approving at
    once (say the baseline and a jurisdiction) each check the law with the other's file."""

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return "approval lock"
