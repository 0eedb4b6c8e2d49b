"""Every change to a list, wherever it is made (the admin, a service, a cascade), counts."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meldpunt.lists.models import HashList, ListsRevision


@receiver(post_save, sender=HashList)
@receiver(post_delete, sender=HashList)
def count_list_change(sender: type[HashList], **kwargs: Any) -> None:
    ListsRevision.move_on()
