"""Admin pages for hash lists: read-only; lists change through the CLI's audited services, and
deletions here go through those services too."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from meldpunt.audit.admin_changes import ReadOnlyAdmin
from meldpunt.audit.services import Actor
from meldpunt.lists.models import HashList, HashListEntry
from meldpunt.lists.services import delete_list, remove_entries


@admin.register(HashList)
class HashListAdmin(ReadOnlyAdmin[HashList]):
    """Name, kind, threshold and trust of each list."""

    list_display = ("name", "kind", "classification", "threshold", "trust", "source", "updated_at")
    list_filter = ("kind", "trust")
    search_fields = ("name", "source")

    deletable = True  # through the service below

    def delete_model(self, request: HttpRequest, obj: HashList) -> None:
        """One list, with its entries."""
        delete_list(obj, Actor.staff(request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HashList]) -> None:
        """The bulk delete action."""
        for hash_list in queryset:
            delete_list(hash_list, Actor.staff(request.user))


@admin.register(HashListEntry)
class HashListEntryAdmin(ReadOnlyAdmin[HashListEntry]):
    """Entries can be looked up and removed; they are added by import only."""

    list_display = ("id", "hash_list", "pdq", "md5", "sha256", "classification")
    list_filter = ("hash_list",)
    search_fields = ("pdq", "md5", "sha1", "sha256", "source_ref")

    deletable = True  # through the service below

    def delete_model(self, request: HttpRequest, obj: HashListEntry) -> None:
        """One entry."""
        remove_entries(HashListEntry.objects.filter(pk=obj.pk), Actor.staff(request.user))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[HashListEntry]) -> None:
        """The bulk delete action."""
        remove_entries(queryset, Actor.staff(request.user))
