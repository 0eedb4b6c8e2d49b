"""Cases awaiting assessment are matched against hash-list entries added later."""

from django.db import transaction
from django.dispatch import receiver

from meldpunt.core.hashlists.entries import ListKind
from meldpunt.lists.models import HashList
from meldpunt.lists.signals import entries_added


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
