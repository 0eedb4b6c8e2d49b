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
    from meldpunt.bootstrap import parts

    wired = parts()  # a signal is an entry point: it takes the parts wired in now
    revision, list_id, jobs = wired.known.revision(), hash_list.pk, wired.jobs
    transaction.on_commit(lambda: jobs.match_new_entries(list_id, entry_ids, revision))
