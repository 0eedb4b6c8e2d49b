"""Items are queued for capture as soon as the report that named them commits; an item whose
capture failed gets a fresh attempt when it is reported again."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from meldpunt.audit.services import Actor
from meldpunt.intake.models import Item
from meldpunt.intake.signals import items_reported


@receiver(post_save, sender=Item, dispatch_uid="capture-new-items")
def queue_new_item(sender: type[Item], instance: Item, created: bool, **kwargs: object) -> None:
    """An item made one at a time (a page's media): its capture, in the same transaction."""
    if created and not kwargs.get("raw"):
        from meldpunt.capture.services import queue_capture

        queue_capture(instance)


@receiver(items_reported, dispatch_uid="capture-reported-items")
def capture_reported_items(
    sender: type[Item], new: list[int], again: list[int], actor: Actor, **kwargs: object
) -> None:
    """New items' captures in one insert; failed captures of items reported again start over.
    Their jobs go out when the report commits."""
    from meldpunt.capture.retries import retry_reported_again
    from meldpunt.capture.services import queue_captures

    queue_captures(new)
    retry_reported_again(again, actor)
