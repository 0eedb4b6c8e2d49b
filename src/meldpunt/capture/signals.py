"""New items are queued for capture as soon as the report that named them commits."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from meldpunt.intake.models import Item


@receiver(post_save, sender=Item, dispatch_uid="capture-new-items")
def queue_new_item(sender: type[Item], instance: Item, created: bool, **kwargs: object) -> None:
    """Create the item's capture in the same transaction; the job starts after commit."""
    if created and not kwargs.get("raw"):
        from meldpunt.capture.services import queue_capture

        queue_capture(instance)
