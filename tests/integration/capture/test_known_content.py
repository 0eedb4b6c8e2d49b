"""A worker's index of the hash lists follows the lists: imports, removed entries, deleted lists."""

from itertools import pairwise

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory

from meldpunt.accounts.roles import Role
from meldpunt.audit.models import AuditEvent
from meldpunt.audit.services import Actor
from meldpunt.bootstrap import parts
from meldpunt.core.hashlists.formats import FORMATS
from meldpunt.lists.index import KnownContentIndex
from meldpunt.lists.models import HashListEntry, ListsRevision
from meldpunt.lists.services import import_entries, load_known_content, remove_entries
from tests import factories
from tests.support.parts import wired

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _checking_every_time():
    """An index that looks for changed lists at every use, not every 2 s."""
    with wired(known=KnownContentIndex(check_seconds=0)):
        yield


def index():
    """The index as a worker sees it at its next check for changes."""
    return parts().known.known_content()


def test_an_import_is_seen(police_list):
    assert len(index()) == 1
    lines = "".join(f"pdq {n:064x}\n" for n in range(1, 3)).encode()
    import_entries(police_list, FORMATS["threatexchange"], lines, Actor.system())
    assert len(index()) == 3


def test_entries_removed_in_the_admin_are_seen_and_audited(police_list):
    import_entries(police_list, FORMATS["threatexchange"], b"pdq " + b"7" * 64, Actor.system())
    assert len(index()) == 2
    admin = factories.staff_user(Role.ADMIN)
    request = RequestFactory().post("/")
    request.user = admin
    entries = admin_site._registry[HashListEntry]

    entries.delete_model(request, HashListEntry.objects.order_by("pk").first())
    assert len(index()) == 1
    entries.delete_queryset(request, HashListEntry.objects.all())
    assert len(index()) == 0
    removed = AuditEvent.objects.filter(action="lists.entries_removed").order_by("seq")
    assert [(e.actor, e.details) for e in removed] == [
        (f"staff:{admin.pk}", {"removed": 1}),
        (f"staff:{admin.pk}", {"removed": 1}),
    ]


def test_a_deleted_list_is_seen(police_list):
    assert len(index()) == 1
    police_list.delete()
    assert len(index()) == 0


def test_indexing_tells_its_progress(police_list, monkeypatch):
    monkeypatch.setattr("meldpunt.lists.services.BATCH", 2)
    lines = "".join(f"pdq {n:064x}\n" for n in range(1, 5)).encode()
    import_entries(police_list, FORMATS["threatexchange"], lines, Actor.system())
    told: list[int] = []
    assert len(load_known_content(progress=told.append)) == 5
    assert told == [2, 2, 1]


def test_an_edited_list_is_seen(police_list):
    assert index()._lists[police_list.pk].threshold == 31
    police_list.threshold = 10
    police_list.save()
    assert index()._lists[police_list.pk].threshold == 10


def test_every_change_to_the_lists_moves_the_revision_on(police_list):
    seen = [ListsRevision.current()]
    import_entries(police_list, FORMATS["threatexchange"], b"pdq " + b"7" * 64, Actor.system())
    seen.append(ListsRevision.current())
    remove_entries(HashListEntry.objects.filter(pdq="7" * 64), Actor.system())
    seen.append(ListsRevision.current())
    assert remove_entries(HashListEntry.objects.none(), Actor.system()) == 0
    seen.append(ListsRevision.current())
    police_list.delete()
    seen.append(ListsRevision.current())
    assert [b - a for a, b in pairwise(seen)] == [1, 1, 0, 1]
