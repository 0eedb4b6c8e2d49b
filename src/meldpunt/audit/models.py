"""Audit events, the chain head, the database's copy of the signed checkpoints, and the record
of each verification."""

from typing import Any, NoReturn

from django.db import models


class AppendOnlyError(RuntimeError):
    """Audit events are never changed or deleted."""


class AppendOnlyModel(models.Model):
    """Rows that are inserted once and never changed or deleted through the ORM."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only."""
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        """Never."""
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} are append-only")


class AuditEvent(AppendOnlyModel):
    """One event: who did what to which subject, chained to the event before."""

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.CharField(max_length=100)
    action = models.CharField(max_length=64, db_index=True)
    subject = models.CharField(max_length=120, db_index=True, blank=True)
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor}"


class AuditHead(models.Model):
    """The single row that holds the last event; locking it serialises appends."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head at #{self.last_seq}"


class AuditCheckpoint(AppendOnlyModel):
    """A copy of one line of the checkpoint file. The file is the authority; this copy lets
    `audit verify` see lines cut from the file, and the admin list them."""

    seq = models.PositiveBigIntegerField(db_index=True)
    signed_at = models.DateTimeField()
    reason = models.CharField(max_length=64)
    line = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"checkpoint of #{self.seq} ({self.reason})"


class AuditVerification(models.Model):
    """The outcome of one walk over the chain (daily job or `meldpunt audit verify`)."""

    checked_at = models.DateTimeField(auto_now_add=True)
    intact = models.BooleanField()
    checked = models.PositiveBigIntegerField()
    broken_seq = models.PositiveBigIntegerField(null=True)
    problem = models.TextField(blank=True)  # every finding, one a line

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"check {self.checked_at:%Y-%m-%d %H:%M}: {'intact' if self.intact else 'broken'}"
