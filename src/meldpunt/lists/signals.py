"""Every change to a list, wherever it is made (the admin, a service, a cascade), counts; and
what the lists tell other apps."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from meldpunt.lists.models import HashList, ListsRevision

entries_added = Signal()
"""Sent with `hash_list` and `entry_ids` (the lowest and highest id of the entries just added;
ids in between may belong to other lists) inside the transaction that adds them, after the
lists' revision has moved on."""


@receiver(post_save, sender=HashList)
@receiver(post_delete, sender=HashList)
def count_list_change(sender: type[HashList], **kwargs: Any) -> None:
    ListsRevision.move_on()
