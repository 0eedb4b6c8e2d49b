"""A hash list (positive or negative) and its entries; hashes only, never content."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meldpunt.core.hashlists.entries import Classification, ListKind
from meldpunt.core.matching.index import DEFAULT_THRESHOLD

KIND_CHOICES = [
    (ListKind.POSITIVE.value, _("positive: known illegal material")),
    (ListKind.NEGATIVE.value, _("negative: known benign images")),
]
CLASSIFICATION_CHOICES = [(c.value, c.value) for c in Classification]


class Trust(models.TextChoices):
    """How far the hotline relies on a list's source."""

    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class HashList(models.Model):
    """A named list from one source, matched with its own threshold."""

    name = models.CharField(max_length=100, unique=True)
    source = models.CharField(max_length=200, blank=True)
    trust = models.CharField(max_length=10, choices=Trust.choices, default=Trust.MEDIUM)
    threshold = models.PositiveSmallIntegerField(
        default=DEFAULT_THRESHOLD, validators=[MinValueValidator(0), MaxValueValidator(64)]
    )
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    classification = models.CharField(max_length=10, choices=CLASSIFICATION_CHOICES, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="positive_lists_are_classified",
                condition=~models.Q(kind=ListKind.POSITIVE.value, classification=""),
            ),
            models.CheckConstraint(
                name="negative_lists_are_not_classified",
                condition=~models.Q(kind=ListKind.NEGATIVE.value) | models.Q(classification=""),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Say in words what the constraints below enforce."""
        if self.kind == ListKind.POSITIVE.value and not self.classification:
            raise ValidationError(
                {
                    "classification": _(
                        "a positive list needs a classification: what a match on it means"
                    )
                }
            )
        if self.kind == ListKind.NEGATIVE.value and self.classification:
            raise ValidationError(
                {
                    "classification": _(
                        "a negative list lists benign images; it takes no classification"
                    )
                }
            )


class HashListEntry(models.Model):
    """One listed file: any of its hashes, and a classification if it differs from the list's."""

    hash_list = models.ForeignKey(HashList, on_delete=models.CASCADE, related_name="entries")
    pdq = models.CharField(max_length=64, blank=True, db_index=True)
    md5 = models.CharField(max_length=32, blank=True, db_index=True)
    sha1 = models.CharField(max_length=40, blank=True, db_index=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    photodna = models.TextField(blank=True)  # stored and exported, never computed
    classification = models.CharField(max_length=10, choices=CLASSIFICATION_CHOICES, blank=True)
    source_category = models.SmallIntegerField(null=True, blank=True)
    source_ref = models.CharField(max_length=200, blank=True)
    vics_media_id = models.PositiveBigIntegerField(null=True, blank=True)  # written back on export
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "hash list entries"
        constraints = [
            models.CheckConstraint(
                name="entry_has_a_hash",
                condition=~models.Q(pdq="", md5="", sha1="", sha256="", photodna=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hash_list.name} #{self.pk}"


class ListsRevision(models.Model):
    """One row that counts changes to the lists and their entries; workers compare it to know
    when to index them again. Each change moves it inside its own transaction, which holds the
    row until it commits, so the number grows in commit order: whoever reads N also sees every
    change up to N. (A change time cannot promise that: two transactions may commit in the
    other order than they took their times.)"""

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"lists revision {self.number}"

    @classmethod
    def move_on(cls) -> None:
        """Count one change; call inside the transaction that makes it."""
        if not cls.objects.filter(pk=1).update(number=models.F("number") + 1):
            cls.objects.get_or_create(pk=1, defaults={"number": 1})

    @classmethod
    def current(cls) -> int:
        """The number of changes so far."""
        return cls.objects.filter(pk=1).values_list("number", flat=True).first() or 0


class RejectionState(models.TextChoices):
    """Where an analyst's rejection of a list match stands: a senior decides it."""

    PENDING = "pending", _("pending")
    CONFIRMED = "confirmed", _("confirmed")
    DECLINED = "declined", _("declined")


class MatchRejection(models.Model):
    """An analyst's word that a list entry wrongly matched a content; once a senior confirms
    it, the entry is excluded from its list. The reason is for the senior, never logged."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    hash_list = models.ForeignKey(HashList, on_delete=models.CASCADE, related_name="rejections")
    entry = models.ForeignKey(HashListEntry, on_delete=models.CASCADE, related_name="rejections")
    content = models.ForeignKey("cases.Content", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500)
    state = models.CharField(
        max_length=10, choices=RejectionState.choices, default=RejectionState.PENDING
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "content"],
                condition=models.Q(state="pending"),
                name="one_pending_rejection_per_entry_and_content",
            ),
            models.CheckConstraint(name="rejection_has_a_reason", condition=~models.Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"rejection {self.pk} of entry {self.entry_id} ({self.state})"


class ListExclusion(models.Model):
    """An entry that no longer matches and is no longer exported: a confirmed rejection."""

    entry = models.OneToOneField(HashListEntry, on_delete=models.CASCADE, related_name="exclusion")
    rejection = models.ForeignKey(
        MatchRejection, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"entry {self.entry_id} excluded"
