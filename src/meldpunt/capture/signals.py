"""Items are queued for capture as soon as the report that named them commits; an item whose
capture failed gets a fresh attempt when it is reported again; captures awaiting assessment
are matched against hash-list entries added later."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from meldpunt.audit.services import Actor
from meldpunt.core.hashlists.entries import ListKind
from meldpunt.intake.models import Item
from meldpunt.intake.signals import items_reported
from meldpunt.lists.models import HashList
from meldpunt.lists.signals import entries_added


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


@receiver(entries_added, dispatch_uid="capture-match-new-entries")
def match_new_entries_later(
    sender: type[HashList], hash_list: HashList, entry_ids: tuple[int, int], **kwargs: object
) -> None:
    """Once the import commits, a job compares the captures awaiting assessment with the new
    entries (capture.rematching); a negative list's entries can settle nothing."""
    if hash_list.kind != ListKind.POSITIVE.value:
        return
    from meldpunt.capture import wiring
    from meldpunt.capture.tasks import match_new_entries

    revision, list_id = wiring.lists_revision(), hash_list.pk
    transaction.on_commit(lambda: match_new_entries(list_id, entry_ids, revision))
